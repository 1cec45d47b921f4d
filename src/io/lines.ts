import type { Readable } from 'node:stream';

export interface Line {
  text: string;
  /** 1-based line number. */
  number: number;
}

/**
 * Splits a byte stream into lines, one batch per chunk read, without holding more than one chunk
 * and one partial line. Splitting on the 0x0A byte is safe for UTF-8: it never occurs inside a
 * multi-byte sequence. Batches keep the per-line cost of async iteration out of hot loops.
 */
export async function* readLineBatches(stream: Readable): AsyncGenerator<Line[]> {
  let carry: Buffer | undefined;
  let number = 0;
  let first = true;
  for await (const chunk of stream) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (carry) {
      buf = Buffer.concat([carry, buf]);
      carry = undefined;
    }
    const batch: Line[] = [];
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1) break;
      number++;
      batch.push({ text: decode(buf, start, nl, first), number });
      first = false;
      start = nl + 1;
    }
    if (start < buf.length) carry = buf.subarray(start);
    if (batch.length > 0) yield batch;
  }
  if (carry && carry.length > 0) {
    number++;
    yield [{ text: decode(carry, 0, carry.length, first), number }];
  }
}

/** One line at a time (over readLineBatches). */
export async function* readLines(stream: Readable): AsyncGenerator<Line> {
  for await (const batch of readLineBatches(stream)) yield* batch;
}

function decode(buf: Buffer, start: number, end: number, first: boolean): string {
  let e = end;
  if (e > start && buf[e - 1] === 13) e--; // CRLF
  let s = start;
  if (first && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3; // UTF-8 BOM
  return buf.toString('utf8', s, e);
}
