import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { lineColumn, parseJsonLocated } from '../util/json.js';
import { locateJsonError } from '../util/json-locate.js';
import { readFileChunks, readLineBatches } from './lines.js';
import { sniff } from './sniff.js';

export type InputFormat = 'auto' | 'json' | 'ndjson';

/** A body read from an input, with where it came from. */
export interface BodyRecord {
  kind: 'body';
  source: string;
  /** Line number, for NDJSON. */
  line?: number;
  /** Index in a top-level JSON array. */
  index?: number;
  body: unknown;
}

/** An input that could not be read as bodies. Reported, never thrown, so other inputs still run. */
export interface InputProblem {
  kind: 'problem';
  source: string;
  line?: number;
  column?: number;
  /** Index in a top-level JSON array. */
  index?: number;
  message: string;
}

export type InputItem = BodyRecord | InputProblem;

export interface ReadBodiesOptions {
  format?: InputFormat;
  /** Standard input, for the path "-". */
  stdin?: Readable;
  /** A .json document is read whole; past this size the reader asks for NDJSON instead. */
  maxDocumentBytes?: number;
  /** The longest NDJSON line; past it reading stops with a problem naming the line. */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
/** One body per line: a line this long is not a job status, and holding longer ones has no bound. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
/**
 * Bodies nested deeper are refused when read: no status body is, and the validator and the
 * reporters walk values recursively (a body 10,000 levels deep overflows the stack).
 */
export const MAX_BODY_DEPTH = 1000;
/** Large reads: fewer chunk boundaries and system calls when streaming big NDJSON files. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * `file:line[:column]`, `file[index]` or `file`: one wording for every command that points at a
 * body or an unreadable input, so `validate` and `check --recording` name places alike.
 */
export function formatLocation(at: {
  source: string;
  line?: number;
  column?: number;
  index?: number;
}): string {
  if (at.line !== undefined)
    return `${at.source}:${at.line}${at.column === undefined ? '' : `:${at.column}`}`;
  return at.index === undefined ? at.source : `${at.source}[${at.index}]`;
}

export function formatOf(path: string): InputFormat {
  if (/\.(ndjson|jsonl)$/i.test(path)) return 'ndjson';
  if (/\.json$/i.test(path)) return 'json';
  return 'auto';
}

/**
 * Reads the bodies of one input: a `.json` file holds one body or an array of bodies,
 * `.ndjson`/`.jsonl` one body per line (streamed), `-` is standard input. Anything else is
 * sniffed: a first line that is a whole JSON value means NDJSON, otherwise one document.
 */
export async function* readBodies(path: string, options: ReadBodiesOptions = {}): AsyncGenerator<InputItem> {
  for await (const batch of readBodyBatches(path, options)) yield* batch;
}

/** As readBodies, a batch (one chunk of input) at a time: what bulk validation iterates. */
export async function* readBodyBatches(
  path: string,
  options: ReadBodiesOptions = {},
): AsyncGenerator<InputItem[]> {
  const source = path === '-' ? '<stdin>' : path;
  const format = options.format && options.format !== 'auto' ? options.format : formatOf(path);
  const max = options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const lineMax = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // Standard input as it comes; a file through one reused buffer when streamed as lines.
  let open: () => AsyncIterable<Buffer | string>;
  if (path === '-') {
    const stdin = options.stdin ?? process.stdin;
    open = () => stdin;
  } else {
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        yield [
          { kind: 'problem', source, message: 'is a directory; pass the files in it (e.g. dir/*.json).' },
        ];
        return;
      }
      // A FIFO, a pipe (`<(cmd)` is /dev/fd/N) or a device has no size before it is read: only a
      // regular file's size says anything, the others are streamed like standard input.
      if (info.isFile() && info.size === 0) {
        yield [{ kind: 'problem', source, message: emptyMessage(format) }];
        return;
      }
      if (info.isFile() && format === 'json' && info.size > max) {
        yield [
          {
            kind: 'problem',
            source,
            message: `is ${megabytes(info.size)}; a .json file is read whole (limit ${megabytes(max)}). Convert it to NDJSON, one body per line, to stream it: jq -c '.[]' ${path} > ${path.replace(/\.json$/i, '')}.ndjson`,
          },
        ];
        return;
      }
    } catch (error) {
      yield [{ kind: 'problem', source, message: unreadable(error) }];
      return;
    }
    open = () =>
      format === 'json'
        ? createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })
        : readFileChunks(path, READ_CHUNK_BYTES);
  }

  try {
    if (format === 'json') {
      const text = await readAll(open(), max);
      yield text === undefined ? [tooLarge(source, max)] : [...fromDocument(source, text, format)];
      return;
    }
    if (format === 'ndjson') {
      yield* fromLines(source, open(), lineMax);
      return;
    }
    const sniffed = await sniff(open(), { max, lineMax });
    if (sniffed.kind === 'empty') yield [{ kind: 'problem', source, message: emptyMessage('ndjson') }];
    else if (sniffed.kind === 'too-large') yield [notNdjson(source, max)];
    else if (sniffed.kind === 'ndjson') yield* fromLines(source, sniffed.chunks, lineMax);
    else {
      const text = await readAll(sniffed.chunks, max);
      yield text === undefined ? [notNdjson(source, max)] : [...fromDocument(source, text, 'json')];
    }
  } catch (error) {
    yield [{ kind: 'problem', source, message: unreadable(error) }];
  }
}

async function* fromLines(
  source: string,
  chunks: AsyncIterable<Buffer | string>,
  lineMax: number,
): AsyncGenerator<InputItem[]> {
  let sawText = false;
  for await (const lines of readLineBatches(chunks, { maxLineBytes: () => lineMax })) {
    const out: InputItem[] = [];
    for (const { text, number, tooLong } of lines) {
      if (tooLong) {
        out.push({
          kind: 'problem',
          source,
          line: number,
          message: `line ${number} is longer than ${megabytes(lineMax)}, the limit for one body; reading stopped there. Send one body per line.`,
        });
        yield out;
        return;
      }
      if (text.trim() === '') continue;
      sawText = true;
      out.push(fromLine(source, text, number));
    }
    if (out.length > 0) yield out;
  }
  if (!sawText) yield [{ kind: 'problem', source, message: emptyMessage('ndjson') }];
}

function fromLine(source: string, text: string, line: number): InputItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse has already failed on this line: locate the error without parsing it again.
    const { offset, reason } = locateJsonError(text);
    const { column } = lineColumn(text, offset);
    return { kind: 'problem', source, line, column, message: `invalid JSON (${reason})` };
  }
  if (text.length > MAX_BODY_DEPTH * 2 && deeperThan(value, MAX_BODY_DEPTH)) return tooDeep(source, { line });
  return { kind: 'body', source, line, body: value };
}

function* fromDocument(source: string, text: string, format: InputFormat): Generator<InputItem> {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (clean.trim() === '') {
    yield { kind: 'problem', source, message: emptyMessage(format) };
    return;
  }
  const parsed = parseJsonLocated(clean);
  if (!parsed.ok) {
    yield {
      kind: 'problem',
      source,
      line: parsed.line,
      column: parsed.column,
      message: `invalid JSON (${parsed.reason})`,
    };
    return;
  }
  if (Array.isArray(parsed.value)) {
    if (parsed.value.length === 0) {
      yield { kind: 'problem', source, message: 'holds an empty array: there are no bodies to check.' };
      return;
    }
    const check = clean.length > MAX_BODY_DEPTH * 2;
    for (let index = 0; index < parsed.value.length; index++) {
      const body: unknown = parsed.value[index];
      if (check && deeperThan(body, MAX_BODY_DEPTH)) yield tooDeep(source, { index });
      else yield { kind: 'body', source, index, body };
    }
    return;
  }
  if (clean.length > MAX_BODY_DEPTH * 2 && deeperThan(parsed.value, MAX_BODY_DEPTH))
    yield tooDeep(source, {});
  else yield { kind: 'body', source, body: parsed.value };
}

/** Whether a parsed value nests arrays and objects more than `limit` levels (walked without recursion). */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: unknown[] = [value];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const v = stack.pop();
    const depth = depths.pop() as number;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/** Why a body nested past MAX_BODY_DEPTH is not checked. */
export const TOO_DEEP = `is nested deeper than ${MAX_BODY_DEPTH} levels: no job status is, and checking it could exhaust the stack. Check what produced it.`;

function tooDeep(source: string, at: { line?: number; index?: number }): InputProblem {
  return { kind: 'problem', source, ...at, message: TOO_DEEP };
}

function notNdjson(source: string, max: number): InputProblem {
  return {
    kind: 'problem',
    source,
    message: `is larger than ${megabytes(max)} and is not NDJSON; convert it to one body per line.`,
  };
}

/** The whole input as text, or undefined once it passes `max` bytes (reading stops there). */
async function readAll(stream: AsyncIterable<Buffer | string>, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    // A copy: a source may hand out the same buffer every time.
    const buf = Buffer.from(chunk);
    size += buf.length;
    if (size > max) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(source: string, max: number): InputProblem {
  return {
    kind: 'problem',
    source,
    message: `is larger than ${megabytes(max)}; a JSON document is read whole. Send NDJSON (one body per line) to stream it.`,
  };
}

function emptyMessage(format: InputFormat): string {
  return format === 'ndjson'
    ? 'is empty: expected one JSON body per line.'
    : 'is empty: expected a JSON body or an array of bodies.';
}

function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist.';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied).';
  if (code === 'EISDIR') return 'is a directory; pass the files in it.';
  return `cannot be read (${error instanceof Error ? error.message : String(error)}).`;
}

function megabytes(bytes: number): string {
  if (bytes < 1024 ** 2) return `${bytes} bytes`;
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GiB`
    : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
