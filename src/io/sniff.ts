/** What an input of unknown type holds, told from its first non-blank line. */
export type Sniffed =
  | { kind: 'ndjson' | 'document'; chunks: AsyncIterable<Buffer | string> }
  | { kind: 'empty' }
  | { kind: 'too-large' };

export interface SniffLimits {
  /** Past this many bytes without a line end the input is too large to be read as a document. */
  max: number;
  /** A first line longer than this is read as one document, not as NDJSON. */
  lineMax: number;
}

/**
 * Reads only as far as the end of the first non-blank line and decides: a line that is a whole
 * JSON value (not an array) means NDJSON, anything else one document. The bytes read to decide
 * are handed back in front of the rest, so nothing is read twice and every line keeps its number.
 * Deciding on raw bytes keeps a document of a million short lines (`yes '{'`) from costing a
 * million strings before it is known not to be NDJSON.
 */
export async function sniff(source: AsyncIterable<Buffer | string>, limits: SniffLimits): Promise<Sniffed> {
  const it = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let textAt = -1;
  let lineEnd = -1;
  while (lineEnd === -1) {
    const next = await it.next();
    if (next.done) break;
    // A copy: a source may hand out the same buffer every time (see readFileChunks).
    const buf = Buffer.from(next.value);
    let from = buf.length;
    if (textAt === -1) {
      const t = firstText(buf);
      if (t !== -1) {
        textAt = size + t;
        from = t;
      }
    } else from = 0;
    if (textAt !== -1) {
      const nl = buf.indexOf(10, from);
      if (nl !== -1) lineEnd = size + nl;
    }
    head.push(buf);
    size += buf.length;
    if (lineEnd === -1 && size > limits.max) {
      await it.return?.();
      return { kind: 'too-large' };
    }
  }
  if (textAt === -1) {
    await it.return?.();
    return { kind: 'empty' };
  }
  const all = Buffer.concat(head);
  const end = lineEnd === -1 ? all.length : lineEnd;
  const chunks = prepend(all, it);
  if (end - textAt > limits.lineMax) return { kind: 'document', chunks };
  let value: unknown;
  try {
    value = JSON.parse(all.toString('utf8', textAt, end));
  } catch {
    return { kind: 'document', chunks };
  }
  return { kind: Array.isArray(value) ? 'document' : 'ndjson', chunks };
}

/** The first byte that is not JSON whitespace or a UTF-8 byte order mark, or -1. */
function firstText(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xef && c !== 0xbb && c !== 0xbf) return i;
  }
  return -1;
}

async function* prepend(head: Buffer, it: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer | string> {
  let done = false;
  try {
    yield head;
    for (;;) {
      const next = await it.next();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Stopped early (a line too long, a consumer gone): let the source close, e.g. end a pipe.
    if (!done) await it.return?.();
  }
}
