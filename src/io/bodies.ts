import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { lineColumn, parseJsonLocated } from '../util/json.js';
import { locateJsonError } from '../util/json-locate.js';
import { readFileChunks, readLineBatches } from './lines.js';

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
  message: string;
}

export type InputItem = BodyRecord | InputProblem;

export interface ReadBodiesOptions {
  format?: InputFormat;
  /** Standard input, for the path "-". */
  stdin?: Readable;
  /** A .json document is read whole; past this size the reader asks for NDJSON instead. */
  maxDocumentBytes?: number;
}

export const DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;
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
      if (info.size === 0) {
        yield [{ kind: 'problem', source, message: emptyMessage(format) }];
        return;
      }
      if (format === 'json' && info.size > max) {
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
      yield [...fromDocument(source, await readAll(open(), max, source), format)];
      return;
    }
    yield* fromLines(source, open(), format, max);
  } catch (error) {
    yield [{ kind: 'problem', source, message: unreadable(error) }];
  }
}

async function* fromLines(
  source: string,
  chunks: AsyncIterable<Buffer | string>,
  format: InputFormat,
  max: number,
): AsyncGenerator<InputItem[]> {
  let bodies = 0;
  let sawText = false;
  const batches = readLineBatches(chunks);
  for await (const lines of batches) {
    const out: InputItem[] = [];
    for (let k = 0; k < lines.length; k++) {
      const { text, number } = lines[k] as { text: string; number: number };
      if (text.trim() === '') continue;
      sawText = true;
      let value: unknown;
      let ok = true;
      try {
        value = JSON.parse(text);
      } catch {
        ok = false;
      }
      if (format === 'auto' && bodies === 0 && (!ok || Array.isArray(value))) {
        // Not NDJSON after all (pretty-printed JSON, or an array of bodies): read it as one document.
        const rest: string[] = lines.slice(k).map((l) => l.text);
        let size = rest.reduce((n, t) => n + t.length + 1, 0);
        for await (const more of batches) {
          for (const l of more) {
            rest.push(l.text);
            size += l.text.length + 1;
          }
          if (size > max) {
            yield [
              {
                kind: 'problem',
                source,
                message: `is larger than ${megabytes(max)} and is not NDJSON; convert it to one body per line.`,
              },
            ];
            return;
          }
        }
        yield [...fromDocument(source, '\n'.repeat(number - 1) + rest.join('\n'), 'json')];
        return;
      }
      if (!ok) {
        // JSON.parse has already failed on this line: locate the error without parsing it again.
        const { offset, reason } = locateJsonError(text);
        out.push({
          kind: 'problem',
          source,
          line: number,
          column: lineColumn(text, offset).column,
          message: `invalid JSON (${reason})`,
        });
        continue;
      }
      bodies++;
      out.push({ kind: 'body', source, line: number, body: value });
    }
    if (out.length > 0) yield out;
  }
  if (bodies === 0 && !sawText) yield [{ kind: 'problem', source, message: emptyMessage('ndjson') }];
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
    for (let index = 0; index < parsed.value.length; index++) {
      yield { kind: 'body', source, index, body: parsed.value[index] };
    }
    return;
  }
  yield { kind: 'body', source, body: parsed.value };
}

async function readAll(stream: AsyncIterable<Buffer | string>, max: number, source: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > max) {
      throw new Error(
        `${source} is larger than ${megabytes(max)}; send NDJSON (one body per line) to stream it`,
      );
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
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
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GiB`
    : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
