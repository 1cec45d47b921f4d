import { execFileSync } from 'node:child_process';
import { createWriteStream, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_LINE_BYTES,
  formatLocation,
  type InputItem,
  MAX_BODY_DEPTH,
  type ReadBodiesOptions,
  readBodies,
} from '../../src/io/bodies.js';
import { readLines } from '../../src/io/lines.js';
import { useTempTrees } from '../helpers/fixtures.js';

const tempDir = useTempTrees();

async function read(files: Record<string, string>, name: string, options = {}): Promise<InputItem[]> {
  const dir = tempDir(files);
  const items: InputItem[] = [];
  for await (const item of readBodies(`${dir}/${name}`, options)) items.push(item);
  return items.map((i) => ({ ...i, source: i.source.replace(`${dir}/`, '') }));
}

describe('readBodies', () => {
  it('a .json file with one body', async () => {
    expect(await read({ 'a.json': '{"x":1}' }, 'a.json')).toEqual([
      { kind: 'body', source: 'a.json', body: { x: 1 } },
    ]);
  });

  it('a .json array yields each body with its index', async () => {
    const items = await read({ 'a.json': '[{"x":1},{"x":2}]' }, 'a.json');
    expect(items.map((i) => (i.kind === 'body' ? [i.index, i.body] : i))).toEqual([
      [0, { x: 1 }],
      [1, { x: 2 }],
    ]);
  });

  it('NDJSON yields bodies with line numbers, skipping blank lines and CRLF', async () => {
    const items = await read({ 'a.ndjson': '{"x":1}\r\n\n{"x":2}\n' }, 'a.ndjson');
    expect(items).toEqual([
      { kind: 'body', source: 'a.ndjson', line: 1, body: { x: 1 } },
      { kind: 'body', source: 'a.ndjson', line: 3, body: { x: 2 } },
    ]);
  });

  it('a bad NDJSON line is a located problem and the rest is still read', async () => {
    const items = await read({ 'a.jsonl': '{"x":1}\n{"x":}\n{"x":3}\n' }, 'a.jsonl');
    expect(items[1]).toMatchObject({ kind: 'problem', line: 2, column: 6 });
    expect(items[2]).toMatchObject({ kind: 'body', line: 3 });
  });

  it('bad NDJSON lines: exact problems, keys in the order the JSON report prints them', async () => {
    const bad = ['{"x":}', '  {"a": tru}', String.raw`{"s":"\u00zz"}`, '{"x":1} 2', '[1,'];
    const items = await read({ 'a.ndjson': ['{"x":1}', ...bad].join('\n') }, 'a.ndjson');
    const problems = items.filter((i) => i.kind === 'problem');
    for (const p of problems) expect(Object.keys(p)).toEqual(['kind', 'source', 'line', 'column', 'message']);
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [2, 6, "invalid JSON (unexpected '}', expected a JSON value)"],
      [3, 12, 'invalid JSON (invalid literal: expected "true")'],
      [4, 7, String.raw`invalid JSON (bad \u escape in string)`],
      [5, 9, "invalid JSON (unexpected '2' after the JSON value)"],
      [6, 4, 'invalid JSON (unexpected end of input, expected a JSON value)'],
    ]);
  });

  it.each([
    [
      'an empty .json file',
      { 'e.json': '' },
      'e.json',
      /is empty: expected a JSON body or an array of bodies/,
    ],
    ['a blank .json file', { 'e.json': '  \n ' }, 'e.json', /is empty/],
    ['an empty array', { 'e.json': '[]' }, 'e.json', /empty array: there are no bodies/],
    ['an empty NDJSON file', { 'e.ndjson': '\n\n' }, 'e.ndjson', /is empty: expected one JSON body per line/],
    ['a missing file', {}, 'nope.json', /does not exist/],
    ['a directory', { 'd/x.json': '{}' }, 'd', /is a directory/],
  ])('%s is a problem, not a crash', async (_name, files, path, message) => {
    const items = await read(files, path);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'problem' });
    expect((items[0] as { message: string }).message).toMatch(message);
  });

  it('invalid JSON in a document says line and column', async () => {
    const items = await read({ 'a.json': '{\n  "a": 1,\n  "b": tru\n}' }, 'a.json');
    expect(items[0]).toMatchObject({
      kind: 'problem',
      line: 3,
      column: 11,
      message: 'invalid JSON (invalid literal: expected "true")',
    });
  });

  it('a .json file past the document limit asks for NDJSON instead of loading it', async () => {
    const items = await read({ 'big.json': `[${'{"x":1},'.repeat(100)}{"x":1}]` }, 'big.json', {
      maxDocumentBytes: 100,
    });
    expect(items).toHaveLength(1);
    expect((items[0] as { message: string }).message).toMatch(/read whole .*Convert it to NDJSON.*jq -c/);
  });

  it.each([
    ['NDJSON', '{"a":1}\n{"a":2}\n', [1, 2]],
    ['a pretty-printed document', '{\n  "a": 1\n}\n', [1]],
    ['an array on one line', '[{"a":1},{"a":2}]', [1, 2]],
    ['a pretty-printed array', '[\n {"a":1},\n {"a":2}\n]', [1, 2]],
  ])('stdin: %s is detected', async (_name, text, values) => {
    const items: InputItem[] = [];
    for await (const item of readBodies('-', { stdin: Readable.from([Buffer.from(text)]) })) items.push(item);
    expect(items.map((i) => (i.kind === 'body' ? (i.body as { a: number }).a : i))).toEqual(values);
  });
});

/** Hands out every chunk in the same buffer, as readFileChunks does: a reader that kept one would see it overwritten. */
async function* reusedBuffer(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  const shared = Buffer.alloc(Math.max(...cuts));
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.min(cuts[i % cuts.length] as number, bytes.length - at);
    bytes.copy(shared, 0, at, at + size);
    at += size;
    yield shared.subarray(0, size);
    shared.fill(0x21); // what the next read would leave behind
  }
}

describe('formatLocation', () => {
  it.each([
    [{ source: 'a.ndjson', line: 3 }, 'a.ndjson:3'],
    [{ source: 'a.ndjson', line: 3, column: 7 }, 'a.ndjson:3:7'],
    [{ source: 'a.json', line: 1, column: 6, index: 2 }, 'a.json:1:6'],
    [{ source: 'a.json', index: 0 }, 'a.json[0]'],
    [{ source: '<stdin>' }, '<stdin>'],
    [{ source: 'a.json', column: 4 }, 'a.json'],
  ])('%j is %s', (at, text) => {
    expect(formatLocation(at)).toBe(text);
  });
});

describe('readLines', () => {
  // No \r or \n inside a line: a trailing \r belongs to the line end (CRLF).
  const lineText = fc.array(
    fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replaceAll('\n', '').replaceAll('\r', '')),
    { maxLength: 8 },
  );
  const cutSizes = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 });

  it.each([
    ['a stream of separate chunks', (bytes: Buffer, cuts: number[]) => Readable.from(splitAt(bytes, cuts))],
    ['one reused buffer', reusedBuffer],
  ])('gives the same lines however the input is cut (%s; multi-byte text, CRLF)', async (_, source) => {
    await fc.assert(
      fc.asyncProperty(lineText, cutSizes, fc.boolean(), async (lines, cuts, crlf) => {
        const bytes = Buffer.from(lines.join(crlf ? '\r\n' : '\n'));
        const got: string[] = [];
        for await (const line of readLines(source(bytes, cuts))) got.push(line.text);
        const text = lines.join('\n');
        const expected = text === '' ? [] : text.split('\n');
        if (expected.length > 0 && expected[expected.length - 1] === '') expected.pop();
        expect(got).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a file larger than one read buffer: every line, numbered, none cut at a chunk boundary', async () => {
    // Lines of varying length so that chunk boundaries fall at every offset within a line.
    const bodies = Array.from({ length: 30_000 }, (_, i) => ({ i, pad: 'x'.repeat(i % 97) }));
    const items = await read(
      { 'big.ndjson': `${bodies.map((b) => JSON.stringify(b)).join('\n')}\n` },
      'big.ndjson',
    );
    expect(items).toHaveLength(bodies.length);
    expect(items.every((it, k) => it.kind === 'body' && it.line === k + 1)).toBe(true);
    expect(items.map((it) => (it.kind === 'body' ? it.body : undefined))).toEqual(bodies);
  });
});

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = cuts[i % cuts.length] as number;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('inputs that are not regular files, and the bounds on what is read', () => {
  const collect = async (path: string, options: ReadBodiesOptions = {}) => {
    const items: InputItem[] = [];
    for await (const item of readBodies(path, options)) items.push(item);
    return items;
  };
  const stdin = (...chunks: (string | Buffer)[]) => ({
    stdin: Readable.from(chunks.map((c) => Buffer.from(c))),
  });

  it('a FIFO is read, not taken for empty because its size is 0', async () => {
    const dir = tempDir({});
    const fifo = join(dir, 'bodies');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    writer.end('{"a":1}\n{"a":2}\n');
    const items = await collect(fifo);
    expect(items).toEqual([
      { kind: 'body', source: fifo, line: 1, body: { a: 1 } },
      { kind: 'body', source: fifo, line: 2, body: { a: 2 } },
    ]);
  });

  it('a FIFO that is really empty is said to be empty, after reading it', async () => {
    const dir = tempDir({});
    const fifo = join(dir, 'nothing');
    execFileSync('mkfifo', [fifo]);
    createWriteStream(fifo).end('');
    expect(await collect(fifo)).toEqual([
      { kind: 'problem', source: fifo, message: 'is empty: expected one JSON body per line.' },
    ]);
  });

  it('a file that cannot be opened is a problem naming why (a symlink loop; root can read any mode)', async () => {
    const dir = tempDir({});
    symlinkSync(join(dir, 'b.json'), join(dir, 'a.json'));
    symlinkSync(join(dir, 'a.json'), join(dir, 'b.json'));
    const [item] = await collect(join(dir, 'a.json'));
    expect(item).toMatchObject({ kind: 'problem', source: join(dir, 'a.json') });
    expect((item as { message: string }).message).toMatch(/^cannot be read \(.+\)\.$/);
  });

  it('an NDJSON line past the limit stops reading with a problem naming the line', async () => {
    const long = `{"a":"${'x'.repeat(100)}"}`;
    const items = await collect('-', {
      ...stdin('{"a":1}\n{"a":2}\n', long.slice(0, 50), long.slice(50), '\n{"a":4}\n'),
      maxLineBytes: 64,
    });
    expect(items).toEqual([
      { kind: 'body', source: '<stdin>', line: 1, body: { a: 1 } },
      { kind: 'body', source: '<stdin>', line: 2, body: { a: 2 } },
      {
        kind: 'problem',
        source: '<stdin>',
        line: 3,
        message:
          'line 3 is longer than 64 bytes, the limit for one body; reading stopped there. Send one body per line.',
      },
    ]);
    expect(DEFAULT_MAX_LINE_BYTES).toBe(16 * 1024 * 1024);
  });

  it('a long line inside one chunk is caught too, after the whole lines before it', async () => {
    const items = await collect('-', { ...stdin(`{"a":1}\n${'{"b":2}'.repeat(20)}\n`), maxLineBytes: 64 });
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ['body', 1],
      ['problem', 2],
    ]);
  });

  it("input without newlines stops at the document limit (`yes '{'`)", async () => {
    async function* endless() {
      const chunk = Buffer.from('{\n'.repeat(32 * 1024));
      for (;;) yield chunk;
    }
    const items = await collect('-', { stdin: Readable.from(endless()), maxDocumentBytes: 4 * 1024 * 1024 });
    expect(items).toEqual([
      {
        kind: 'problem',
        source: '<stdin>',
        message: 'is larger than 4 MiB and is not NDJSON; convert it to one body per line.',
      },
    ]);
  });

  it('a one-line document longer than the line limit is still read whole', async () => {
    const array = JSON.stringify([{ a: 1 }, { a: 'x'.repeat(200) }]);
    const items = await collect('-', { ...stdin(array), maxLineBytes: 64 });
    expect(items.map((i) => [i.kind, i.index])).toEqual([
      ['body', 0],
      ['body', 1],
    ]);
  });

  it('a body nested past the depth limit is a problem, not a stack overflow later', async () => {
    const deep = `${'['.repeat(MAX_BODY_DEPTH + 1)}${']'.repeat(MAX_BODY_DEPTH + 1)}`;
    const fine = `${'['.repeat(MAX_BODY_DEPTH)}${']'.repeat(MAX_BODY_DEPTH)}`;
    const lines = await collect('-', stdin(`{"a":1}\n${deep}\n${fine}\n`));
    expect(lines.map((i) => [i.kind, i.line])).toEqual([
      ['body', 1],
      ['problem', 2],
      ['body', 3],
    ]);
    expect(lines[1]).toMatchObject({ message: expect.stringMatching(/nested deeper than 1000 levels/) });
    const doc = await collect('-', stdin(`[{"a":1},${deep}]`));
    expect(doc.map((i) => [i.kind, i.index])).toEqual([
      ['body', 0],
      ['problem', 1],
    ]);
  });

  it('1 GiB of NDJSON from a stream is read in constant memory', { timeout: 120_000 }, async () => {
    // 256 lines of 4 MiB (a body, then blanks), handed out as 1 MiB slices of one buffer.
    const line = Buffer.alloc(4 * 1024 * 1024, 0x20);
    Buffer.from('{"a":1}').copy(line);
    line[line.length - 1] = 10;
    let served = 0;
    async function* gigabyte() {
      for (let i = 0; i < 256; i++)
        for (let at = 0; at < line.length; at += 1024 * 1024) {
          served += 1024 * 1024;
          yield line.subarray(at, at + 1024 * 1024);
        }
    }
    const before = process.memoryUsage().rss;
    let peak = before;
    let bodies = 0;
    for await (const item of readBodies('-', { stdin: Readable.from(gigabyte()) })) {
      if (item.kind === 'body') bodies++;
      // Streamed, not gathered: when a body arrives, at most its line and one chunk more were read.
      expect(served).toBeLessThanOrEqual(bodies * line.length + 1024 * 1024);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(bodies).toBe(256);
    expect(served).toBe(1024 ** 3);
    expect(peak - before).toBeLessThan(256 * 1024 * 1024);
  });
});
