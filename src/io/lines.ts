import { open } from 'node:fs/promises';

export interface Line {
  text: string;
  /** 1-based line number. */
  number: number;
  /**
   * The line is longer than the limit: `text` is empty and this is the last line yielded, since
   * reading on would mean holding the line (or skipping an unknown amount of input).
   */
  tooLong?: true;
}

export interface LineOptions {
  /**
   * The longest line, in bytes, before its end is found; asked again for each line, so a reader
   * may allow a long first line (a one-line document) and hold the lines after it shorter.
   */
  maxLineBytes?: (lineNumber: number) => number;
}

/**
 * Splits a byte stream into lines, one batch per chunk read, without holding more than one chunk
 * and one partial line. Splitting on the 0x0A byte is safe for UTF-8: it never occurs inside a
 * multi-byte sequence. Batches keep the per-line cost of async iteration out of hot loops.
 * A chunk is finished with before the next is asked for, and the partial line is copied, so a
 * source may hand out the same buffer every time (see readFileChunks).
 */
export async function* readLineBatches(
  source: AsyncIterable<Buffer | string>,
  options: LineOptions = {},
): AsyncGenerator<Line[]> {
  const limit = options.maxLineBytes ?? (() => Number.POSITIVE_INFINITY);
  // A partial line, in pieces: a line spanning many chunks is joined once, not once per chunk.
  let carry: Buffer[] = [];
  let carried = 0;
  let number = 0;
  let first = true;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const batch: Line[] = [];
    let start = 0;
    if (carry.length > 0) {
      const nl = buf.indexOf(10);
      if (carried + (nl === -1 ? buf.length : nl) > limit(number + 1)) {
        yield [{ text: '', number: number + 1, tooLong: true }];
        return;
      }
      if (nl === -1) {
        carry.push(Buffer.from(buf));
        carried += buf.length;
        continue;
      }
      carry.push(buf.subarray(0, nl));
      const head = Buffer.concat(carry);
      carry = [];
      carried = 0;
      number++;
      batch.push({ text: decode(head, 0, head.length, first), number });
      first = false;
      start = nl + 1;
    }
    for (;;) {
      const nl = buf.indexOf(10, start);
      if ((nl === -1 ? buf.length : nl) - start > limit(number + 1)) {
        // The lines before it are whole and are handed on first.
        if (batch.length > 0) yield batch;
        yield [{ text: '', number: number + 1, tooLong: true }];
        return;
      }
      if (nl === -1) break;
      number++;
      batch.push({ text: decode(buf, start, nl, first), number });
      first = false;
      start = nl + 1;
    }
    if (start < buf.length) {
      carry.push(Buffer.from(buf.subarray(start)));
      carried = buf.length - start;
    }
    if (batch.length > 0) yield batch;
  }
  if (carry.length > 0) {
    const rest = Buffer.concat(carry);
    if (rest.length > 0) {
      number++;
      yield [{ text: decode(rest, 0, rest.length, first), number }];
    }
  }
}

/**
 * A file's bytes through one reused buffer: streaming a large file then allocates nothing per
 * chunk, so memory stays at one buffer however large the file (read streams allocate a new
 * buffer per chunk, freed only when the garbage collector gets to it).
 */
export async function* readFileChunks(path: string, size: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(size);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, size, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** One line at a time (over readLineBatches). */
export async function* readLines(source: AsyncIterable<Buffer | string>): AsyncGenerator<Line> {
  for await (const batch of readLineBatches(source)) yield* batch;
}

function decode(buf: Buffer, start: number, end: number, first: boolean): string {
  let e = end;
  if (e > start && buf[e - 1] === 13) e--; // CRLF
  let s = start;
  if (first && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3; // UTF-8 BOM
  return buf.toString('utf8', s, e);
}
