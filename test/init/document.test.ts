import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobkitError } from '../../src/errors.js';
import { readApiDocument } from '../../src/init/document.js';
import { viewSchema } from '../../src/init/schema-view.js';
import { inferFrom, jobDoc, readDoc } from '../helpers/init-doc.js';

function thrown(fn: () => unknown): JobkitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof JobkitError) return error;
    throw error;
  }
  throw new Error('expected a JobkitError');
}

describe('reading the document', () => {
  it('tells the three dialects apart and where their schemas live', () => {
    const v30 = readDoc(jobDoc());
    expect([v30.version, v30.schemasPointer]).toEqual(['openapi-3.0', '/components/schemas']);
    expect(readDoc(jobDoc({ openapi: '3.1.0' })).version).toBe('openapi-3.1');
    const v2 = readDoc(
      "swagger: '2.0'\ninfo: { title: x, version: '1' }\npaths: {}\ndefinitions: { Job: { type: object } }\n",
    );
    expect([v2.version, v2.schemasPointer, v2.schemaNames()]).toEqual([
      'swagger-2.0',
      '/definitions',
      ['Job'],
    ]);
  });

  it('keeps the text as written', () => {
    const text = jobDoc();
    expect(readDoc(text).text).toBe(text);
  });

  it('reads JSON documents', () => {
    const doc = readDoc(
      JSON.stringify({ openapi: '3.0.0', info: { title: 'x', version: '1' }, paths: {} }),
      'api.json',
    );
    expect(doc.version).toBe('openapi-3.0');
  });

  it('lists operations with the path item parameters', () => {
    const doc = readDoc(
      jobDoc({
        paths:
          '  /jobs/{id}/cancel:\n    parameters: [{ name: id, in: path }]\n    post: { responses: {} }\n',
      }),
    );
    const ops = doc.operations();
    expect(ops.map((o) => `${o.method} ${o.path} ${o.pointer}`)).toEqual([
      'GET /jobs/{id} /paths/~1jobs~1{id}/get',
      'POST /jobs/{id}/cancel /paths/~1jobs~1{id}~1cancel/post',
    ]);
    expect(ops[1]?.op.pathParameters).toEqual([{ name: 'id', in: 'path' }]);
  });

  it('follows $refs, naming the schema it lands on', () => {
    const doc = readDoc(
      jobDoc({
        props: { owner: "{ $ref: '#/components/schemas/Owner' }" },
        schemas: '    Owner: { $ref: "#/components/schemas/Person" }\n    Person: { type: string }',
      }),
    );
    const at = doc.resolve({ $ref: '#/components/schemas/Owner' }, '/x');
    expect(at).toEqual({ node: { type: 'string' }, pointer: '/components/schemas/Person', name: 'Person' });
  });

  it('reads nullability in each dialect', () => {
    const doc = readDoc(
      jobDoc({
        openapi: '3.1.0',
        props: {
          a: '{ type: string, nullable: true }',
          b: "{ type: [integer, 'null'] }",
          c: "{ anyOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] }",
          d: '{ type: string, enum: [x, null] }',
          e: '{ type: string }',
        },
        schemas: '    Owner: { type: object, properties: { n: { type: string } } }',
      }),
    );
    const job = viewSchema(doc, doc.schema('Job')?.node, '/components/schemas/Job');
    const p = (n: string) => job?.properties.get(n);
    expect([
      p('a')?.nullable,
      p('b')?.nullable,
      p('c')?.nullable,
      p('d')?.nullable,
      p('e')?.nullable,
    ]).toEqual([true, true, true, true, false]);
    expect(p('b')?.type).toBe('integer');
    expect(p('c')?.type).toBe('object');
    expect(p('d')?.enum).toEqual(['x']);
  });
});

describe('bad documents: input errors naming the document, and the pointer where there is one', () => {
  it('a YAML error, with line and column', () => {
    const e = thrown(() => readDoc('openapi: 3.0.0\ninfo: [unclosed\n'));
    expect(e.code).toBe('input');
    expect(e.message).toMatch(/openapi\.yaml:\d+:\d+: invalid YAML/);
  });

  it('a JSON error, with line and column', () => {
    const e = thrown(() => readDoc('{\n  "openapi": "3.0.0",\n  oops\n}', 'api.json'));
    expect(e.message).toMatch(/api\.json:3:\d+: invalid JSON/);
  });

  it('not an OpenAPI document', () => {
    const e = thrown(() => readDoc('name: not an api\n'));
    expect(e.message).toContain('openapi.yaml#/swagger: expected an OpenAPI 3.0/3.1 or Swagger 2.0 document');
    expect(e.message).toContain('it has neither "openapi" nor "swagger"');
    expect(thrown(() => readDoc('openapi: 4.0.0\n')).message).toContain(
      'openapi.yaml#/openapi: expected an OpenAPI 3.0/3.1 or Swagger 2.0 document, not version "4.0.0"',
    );
    expect(thrown(() => readDoc('- a list\n')).message).toContain(
      'expected an OpenAPI document (an object), got a list',
    );
  });

  it('a folder, or a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobkit-test-'));
    try {
      const folder = thrown(() => readApiDocument(dir));
      expect(folder.message).toContain('is a folder; --from takes an OpenAPI document');
      const missing = thrown(() => readApiDocument(join(dir, 'nope.yaml')));
      expect(missing.code).toBe('input');
      expect(missing.message).toMatch(/Cannot read .*nope\.yaml: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a $ref outside the document, a dangling one and a loop, with the pointer of the $ref', () => {
    const outside = thrown(() => inferFrom(jobDoc({ props: { owner: "{ $ref: 'common.yaml#/Owner' }" } })));
    expect(outside.code).toBe('input');
    expect(outside.pointer).toBe('/components/schemas/Job/properties/owner');
    expect(outside.message).toContain(
      'openapi.yaml#/components/schemas/Job/properties/owner: cannot follow $ref "common.yaml#/Owner": it points outside the document; bundle it first',
    );
    const dangling = thrown(() =>
      inferFrom(jobDoc({ props: { owner: "{ $ref: '#/components/schemas/Owner' }" } })),
    );
    expect(dangling.message).toContain('cannot follow $ref "#/components/schemas/Owner": nothing is there');
    const loop = thrown(() =>
      inferFrom(
        jobDoc({
          props: { owner: "{ $ref: '#/components/schemas/A' }" },
          schemas: "    A: { $ref: '#/components/schemas/B' }\n    B: { $ref: '#/components/schemas/A' }",
        }),
      ),
    );
    expect(loop.message).toContain('it is part of a $ref loop');
  });
});

describe('finding the job-status resource', () => {
  it('names the schema and the GET that answers it', () => {
    const { lines, vendor } = inferFrom(jobDoc());
    expect(vendor.schema).toEqual({ root: 'Job' });
    expect(lines[0]).toMatch(
      /^job resource: Job \(.*openapi\.yaml#\/components\/schemas\/Job\), answered by GET \/jobs\/\{id\}$/,
    );
  });

  it('with no status-like schema, says so and names --schema and --status-field', () => {
    const e = thrown(() => inferFrom(jobDoc({ props: { state: '{ type: string }' } })));
    expect(e.code).toBe('input');
    expect(e.message).toContain('openapi.yaml: found no job-status resource');
    expect(e.message).toContain('--schema <name>');
    expect(e.message).toContain('--status-field /pointer');
  });

  it('finds a status enum elsewhere with --status-field', () => {
    const doc = jobDoc({
      props: {
        state: '{ type: string }',
        meta: '{ type: object, properties: { lifecycle: { type: string, enum: [queued, running, done] } } }',
      },
    });
    const { vendor } = inferFrom(doc, { statusField: '/meta/lifecycle' });
    expect(vendor.status.field).toBe('/meta/lifecycle');
    expect(vendor.body?.meta).toEqual({ from: 'object', fields: { lifecycle: { from: 'state' } } });
  });

  it('with a tie between candidates, asks for --schema; --schema settles it', () => {
    const two = jobDoc({
      paths: `  /exports/{id}:
    get:
      responses:
        '200':
          description: export
          content: { application/json: { schema: { $ref: '#/components/schemas/Export' } } }
`,
      schemas:
        '    Export: { type: object, properties: { status: { type: string, enum: [pending, done, failed] } } }',
    });
    const e = thrown(() => inferFrom(two));
    expect(e.code).toBe('usage');
    expect(e.message).toContain('several schemas look like a job');
    expect(e.message).toContain('Job (GET /jobs/{id}, status /state)');
    expect(e.message).toContain('Export (GET /exports/{id}, status /status)');
    expect(e.message).toContain('--schema <name>');
    expect(inferFrom(two, { schema: 'Export' }).vendor.schema).toEqual({ root: 'Export' });
  });

  it('prefers the candidate with a create route', () => {
    const doc = jobDoc({
      paths: `  /exports/{id}:
    get:
      responses:
        '200':
          description: export
          content: { application/json: { schema: { $ref: '#/components/schemas/Export' } } }
  /exports:
    post:
      responses: { '201': { description: made } }
`,
      schemas:
        '    Export: { type: object, properties: { status: { type: string, enum: [pending, done, failed] } } }',
    });
    expect(inferFrom(doc).vendor.schema).toEqual({ root: 'Export' });
  });

  it('refuses --schema naming no schema, listing the ones there are', () => {
    const e = thrown(() => inferFrom(jobDoc(), { schema: 'Nope' }));
    expect(e.code).toBe('usage');
    expect(e.message).toContain('--schema Nope');
    expect(e.message).toContain('Its schemas: Job');
  });

  it('refuses a --status-field that is not a pointer', () => {
    const e = thrown(() => inferFrom(jobDoc(), { statusField: 'state' }));
    expect(e.message).toContain('--status-field must be a JSON pointer');
  });
});
