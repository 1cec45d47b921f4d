import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, runCli } from '../../src/cli/program.js';
import { checkSequence } from '../../src/contract/check-sequence.js';
import { checkRecording } from '../../src/contract/recording.js';
import { isJobkitError } from '../../src/errors.js';
import { validateInputs } from '../../src/validate/run.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { useTempTrees } from '../helpers/fixtures.js';

// Hostile input of every kind: whatever comes in, the outcome is a verdict (exit 0 or 1) or a
// JobkitError (exit 2), never a thrown TypeError, RangeError or an internal error (exit 70).
const registry = createRegistry();
const vendorName = fc.constantFrom(...registry.names());
const files = useTempTrees();

/** Random JSON, and values shaped like status bodies (the vendor's own field names, hostile values). */
const status = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'),
);
const bodyish = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.oneof(
      fc.string(),
      fc.constantFrom('status', 'state', 'JobStatus', 'Id', 'id', 'created_at', '__proto__'),
    ),
    fc.oneof(status, fc.jsonValue()),
  ),
);
/** Bytes: random, or random JSON text cut anywhere, or lines of JSON. */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .array(bodyish, { maxLength: 6 })
    .map((values) => Buffer.from(values.map((v) => JSON.stringify(v)).join('\n'))),
  fc.tuple(fc.jsonValue(), fc.nat()).map(([v, cut]) => {
    const text = Buffer.from(JSON.stringify(v, null, 1));
    return text.subarray(0, cut % (text.length + 1));
  }),
);
/** Where the bytes are cut into chunks. */
const chunked = fc
  .tuple(bytes, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }))
  .map(([buf, cuts]) => {
    const out: Buffer[] = [];
    for (let at = 0, i = 0; at < buf.length; i++) {
      const n = cuts[i % cuts.length] as number;
      out.push(Buffer.from(buf.subarray(at, at + n)));
      at += n;
    }
    return out;
  });

function expectJobkitExit(error: unknown): void {
  if (!isJobkitError(error)) throw error;
  expect([0, 1, 2]).toContain(EXIT_CODES[error.code]);
}

async function cliOn(argv: string[], chunks: Buffer[] = []): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const err = new PassThrough();
  err.on('data', (c) => {
    stderr += String(c);
  });
  const code = await runCli(argv, {
    stdout: new PassThrough().resume(),
    stderr: err,
    stdin: Readable.from(chunks),
    env: { NO_COLOR: '1' },
  });
  return { code, stderr };
}

describe('nothing throws, whatever the input', () => {
  it('validateInputs (the library) on random bytes from stdin', async () => {
    await fc.assert(
      fc.asyncProperty(
        vendorName,
        chunked,
        fc.constantFrom('auto', 'json', 'ndjson'),
        async (name, chunks, format) => {
          try {
            const summary = await validateInputs({
              vendor: registry.get(name),
              inputs: ['-'],
              format: format as 'auto',
              stdin: Readable.from(chunks),
              onFailure: () => {},
            });
            expect(summary.valid + summary.invalid).toBe(summary.bodies);
          } catch (error) {
            expectJobkitExit(error);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('`jobkit validate <vendor> -` on random bytes exits 0, 1 or 2 with no internal error', async () => {
    await fc.assert(
      fc.asyncProperty(vendorName, chunked, fc.boolean(), async (name, chunks, json) => {
        const run = await cliOn(['validate', name, '-', ...(json ? ['--format', 'json'] : [])], chunks);
        expect([0, 1, 2]).toContain(run.code);
        expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      }),
      { numRuns: 60 },
    );
  });

  it('checkSequence on random JSON values and hostile status bodies', () => {
    fc.assert(
      fc.property(vendorName, fc.array(bodyish, { maxLength: 8 }), (name, items) => {
        const result = checkSequence(registry.get(name), items);
        expect(result.polls).toBe(items.length);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 200 },
    );
  });

  it('check --recording on random NDJSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        vendorName,
        bytes,
        fc.constantFrom('rec.ndjson', 'rec.json', 'rec'),
        async (name, buf, file) => {
          const path = join(files({}), file);
          writeFileSync(path, buf);
          try {
            const report = await checkRecording({ vendor: registry.get(name), file: path });
            expect(report.ok).toBe(report.problems.length === 0 && report.cases.every((c) => c.ok));
            if (report.problems.length > 0) expect(report.cases.every((c) => !c.ok)).toBe(true);
          } catch (error) {
            expectJobkitExit(error);
          }
          const run = await cliOn(['check', '--vendor', name, '--recording', path]);
          expect([0, 1, 2]).toContain(run.code);
          expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('check --recording on HAR-ish input', async () => {
    const entry = fc.record(
      {
        startedDateTime: fc.oneof(fc.date({ noInvalidDate: false }).map(String), fc.jsonValue()),
        request: fc.oneof(
          fc.record({
            method: fc.constantFrom('GET', 'POST', 'get'),
            url: fc.oneof(fc.constant('http://x/job/1'), fc.jsonValue()),
          }),
          fc.jsonValue(),
        ),
        response: fc.oneof(
          fc.record({
            status: fc.oneof(fc.constantFrom(200, 404, 500), fc.jsonValue()),
            content: fc.oneof(
              fc.record({
                mimeType: fc.constantFrom('application/json', 'text/plain'),
                text: fc.oneof(
                  bodyish.map((b) => JSON.stringify(b)),
                  fc.string(),
                ),
                encoding: fc.constantFrom('base64', 'utf8', undefined),
              }),
              fc.jsonValue(),
            ),
          }),
          fc.jsonValue(),
        ),
      },
      { requiredKeys: [] },
    );
    const har = fc.oneof(
      fc.record({ log: fc.record({ entries: fc.array(entry, { maxLength: 6 }) }) }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(vendorName, har, async (name, doc) => {
        const path = join(files({}), 'traffic.har');
        writeFileSync(path, JSON.stringify(doc) ?? '');
        try {
          await checkRecording({ vendor: registry.get(name), file: path });
        } catch (error) {
          expectJobkitExit(error);
        }
        const run = await cliOn(['check', '--vendor', name, '--recording', path]);
        expect([0, 1, 2]).toContain(run.code);
        expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
      }),
      { numRuns: 80 },
    );
  });
});
