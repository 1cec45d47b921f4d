import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { verifyUserVendor } from '../../src/verify/render-check.js';
import { cli } from '../helpers/cli.js';
import { useTempTrees } from '../helpers/fixtures.js';
import { jobDoc } from '../helpers/init-doc.js';

const tree = useTempTrees();

const DOC = jobDoc({
  states: ['queued', 'in_progress', 'succeeded', 'failed', 'cancelling', 'cancelled'],
  props: {
    id: '{ type: string, format: uuid }',
    progress: '{ type: number, minimum: 0, maximum: 1 }',
    created_at: '{ type: string, format: date-time }',
    finished_at: '{ type: string, format: date-time, nullable: true }',
    error: '{ type: string, nullable: true }',
    owner: '{ type: string }',
  },
  required: ['id', 'state', 'progress', 'created_at', 'finished_at', 'error'],
  top: 'servers: [{ url: "https://api.example.com/v1" }]',
  paths: `  /jobs:
    post:
      responses:
        '201':
          description: created
          content: { application/json: { schema: { $ref: '#/components/schemas/Job' } } }
  /jobs/{id}/cancel:
    post:
      responses:
        '200':
          description: cancelling
          content: { application/json: { schema: { $ref: '#/components/schemas/Job' } } }
`,
});

function noStack(run: { stdout: string; stderr: string }): void {
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at |internal error/);
}

/** A folder with the document in it; `jobkit init acme --from <it> --out <folder>/out`. */
function setup(text = DOC, file = 'openapi.yaml') {
  const dir = tree({ [file]: text });
  const from = join(dir, file);
  const out = join(dir, 'out');
  return {
    dir,
    from,
    out,
    run: (...more: string[]) => cli(['init', 'acme', '--from', from, '--out', out, ...more]),
  };
}

describe('jobkit init', () => {
  it('prints what it inferred, writes the document unchanged and a vendor file that loads', async () => {
    const { from, out, run } = setup();
    const r = await run();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Inferred from ');
    expect(r.stdout).toContain('  job resource: Job (');
    expect(r.stdout).toContain('  transitions: queued → in_progress → succeeded');
    expect(r.stdout).toContain('  /finished_at: time.finished, RFC 3339, null until set');
    expect(r.stdout).toContain('  POST /jobs/{id}/cancel: cancel');
    expect(r.stdout).toContain('  left to json-schema-faker (no lifecycle meaning): /owner');
    expect(r.stdout).toContain('Could not decide (review these in the vendor file):\n  ? ');
    expect(r.stdout).toContain('It loads. Next:');
    noStack(r);
    expect(readFileSync(join(out, 'schemas', 'acme', 'openapi.yaml'), 'utf8')).toBe(
      readFileSync(from, 'utf8'),
    );
    const vendor = JSON.parse(readFileSync(join(out, 'mocks', 'acme', 'lifecycle.json'), 'utf8'));
    expect(vendor.name).toBe('acme');
    expect(vendor.schema).toEqual({ root: 'Job' });
    expect(Object.keys(vendor.mock.scenarios)).toEqual(['happy', 'failure', 'slow', 'stuck', 'cancel']);
  });

  it('writes a vendor the mock serves: a created job answers its status URL with a body the document accepts', async () => {
    const { out, run } = setup();
    expect((await run()).code).toBe(0);
    const registry = createRegistry({ roots: [out], verify: verifyUserVendor });
    const vendor = registry.get('acme');
    const clock = createManualClock();
    const server = await createMockServer({ registry, vendors: ['acme'], clock, port: 0 });
    try {
      const ends: Record<string, string> = { happy: 'succeeded', failure: 'failed', cancel: 'cancelled' };
      for (const [scenario, end] of Object.entries(ends)) {
        const created = await fetch(`${server.url}/__jobkit/jobs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ vendor: 'acme', scenario }),
        });
        expect(created.status).toBe(201);
        const job = (await created.json()) as { id: string; statusUrl: string };
        expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
        const seen: string[] = [];
        for (const ms of [0, 3000, 60_000]) {
          clock.advance(ms);
          const status = await fetch(new URL(job.statusUrl, server.url));
          expect(status.status).toBe(200);
          const body = (await status.json()) as { state: string; id: string };
          expect(vendor.validate(body)).toEqual({ valid: true, issues: [] });
          expect(body.id).toBe(job.id);
          seen.push(body.state);
        }
        expect(seen[0]).toBe('queued');
        expect(seen.at(-1)).toBe(end);
      }
    } finally {
      await server.close();
    }
  });

  it('reads a JSON document too', async () => {
    const { run, out } = setup(
      JSON.stringify({ openapi: '3.0.3', info: { title: 'x', version: '1' }, paths: {} }),
      'api.json',
    );
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('api.json: found no job-status resource');
    expect(existsSync(out)).toBe(false);
  });
});

describe('jobkit init: bad input exits 2, says which file and which option, writes nothing', () => {
  async function refused(args: { text?: string; file?: string; more?: string[] }, ...expected: string[]) {
    const s = setup(args.text, args.file);
    const r = await s.run(...(args.more ?? []));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    for (const e of expected) expect(r.stderr).toContain(e);
    noStack(r);
    expect(existsSync(s.out)).toBe(false);
    return r;
  }

  it('no status-like schema', () =>
    refused(
      { text: jobDoc({ props: { state: '{ type: string }' } }) },
      'openapi.yaml: found no job-status resource',
      '--schema',
      '--status-field',
    ));

  it('a tie between candidates', () =>
    refused(
      {
        text: jobDoc({
          paths:
            "  /exports/{id}:\n    get:\n      responses:\n        '200':\n          description: x\n          content: { application/json: { schema: { $ref: '#/components/schemas/Export' } } }\n",
          schemas:
            '    Export: { type: object, properties: { status: { type: string, enum: [pending, done] } } }',
        }),
      },
      'openapi.yaml: several schemas look like a job',
      '--schema <name>',
    ));

  it('an enum with no terminal state', () =>
    refused(
      { text: jobDoc({ states: ['queued', 'running', 'blue'] }) },
      'openapi.yaml#/components/schemas/Job/properties/state',
      '--terminal blue=success',
    ));

  it('a $ref outside the document', () =>
    refused(
      { text: jobDoc({ props: { x: "{ $ref: 'other.yaml#/X' }" } }) },
      'openapi.yaml#/components/schemas/Job/properties/x: cannot follow $ref',
      'bundle it first',
    ));

  it('a dangling $ref', () =>
    refused({ text: jobDoc({ props: { x: "{ $ref: '#/components/schemas/X' }" } }) }, 'nothing is there'));

  it('a YAML error', () => refused({ text: 'openapi: 3.0.0\npaths: [\n' }, 'openapi.yaml:', 'invalid YAML'));

  it('a JSON error, with line:column', () =>
    refused({ text: '{\n "openapi": }', file: 'api.json' }, 'api.json:2:', 'invalid JSON'));

  it('not an OpenAPI document', () =>
    refused({ text: 'hello: world\n' }, 'expected an OpenAPI 3.0/3.1 or Swagger 2.0 document'));

  it('a folder given to --from', async () => {
    const dir = tree({ 'x/readme.txt': 'hi' });
    const r = await cli(['init', 'acme', '--from', join(dir, 'x'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a folder; --from takes an OpenAPI document');
    noStack(r);
  });

  it('a missing file', async () => {
    const dir = tree({});
    const r = await cli(['init', 'acme', '--from', join(dir, 'nope.yaml'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot read .*nope\.yaml: ENOENT/);
    noStack(r);
  });

  it('--terminal with a bad kind, or an unknown state', async () => {
    await refused(
      { more: ['--terminal', 'failed=broken'] },
      '--terminal takes STATE=KIND with KIND success, failure or cancelled, not "failed=broken"',
    );
    await refused({ more: ['--terminal', 'failed'] }, 'not "failed"');
    await refused(
      { more: ['--terminal', 'archived=success'] },
      '--terminal archived:',
      'has no state "archived"',
      'Its states: queued, in_progress',
    );
  });

  it('an invalid vendor name, or none', async () => {
    const { from, out } = setup();
    const bad = await cli(['init', 'Acme Jobs', '--from', from, '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('The vendor name must be lower case letters');
    const none = await cli(['init', '--from', from, '--out', out]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('jobkit init takes one vendor name');
    const noFrom = await cli(['init', 'acme', '--out', out]);
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toContain('--from <openapi document> is required');
    expect(existsSync(out)).toBe(false);
  });
});

describe('jobkit init over files that exist', () => {
  it('refuses without --force and overwrites nothing; --force replaces', async () => {
    const { out, run } = setup();
    const vendorFile = join(out, 'mocks', 'acme', 'lifecycle.json');
    mkdirSync(join(out, 'mocks', 'acme'), { recursive: true });
    writeFileSync(vendorFile, '{"mine": true}');
    const refused = await run();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'lifecycle.json already exists; pass --force to replace it, or --out DIR',
    );
    noStack(refused);
    expect(readFileSync(vendorFile, 'utf8')).toBe('{"mine": true}');
    expect(existsSync(join(out, 'schemas', 'acme', 'openapi.yaml'))).toBe(false);
    const forced = await run('--force');
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(vendorFile, 'utf8')).name).toBe('acme');
  });

  it('names both files when both exist', async () => {
    const { run } = setup();
    expect((await run()).code).toBe(0);
    const again = await run();
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /openapi\.yaml and .*lifecycle\.json already exist; pass --force to replace them/,
    );
  });
});
