import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildOpenApi } from '../../src/openapi/export.js';
import { getAt } from '../../src/util/pointer.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli } from '../helpers/cli.js';
import { useTempTrees } from '../helpers/fixtures.js';

const registry = createRegistry();
// biome-ignore lint/suspicious/noExplicitAny: the tests walk an untyped OpenAPI document.
type Doc = any;
const doc = buildOpenApi({ registry }) as Record<string, Doc>;

const tempDir = useTempTrees();

function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refsIn(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

const routes = registry
  .names()
  .flatMap((vendor) =>
    (registry.get(vendor).lifecycle.api?.routes ?? []).map((route) => ({ vendor, route })),
  );

describe('jobkit openapi', () => {
  it('is OpenAPI 3.1 with every route the mock serves', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(routes.length).toBeGreaterThanOrEqual(20);
    for (const { route } of routes)
      expect(
        doc.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
  });

  it('every $ref resolves inside the document', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) expect(getAt(doc, ref.slice(1)), ref).toBeDefined();
  });

  it('names components per vendor when several are exported, plainly for one', () => {
    expect(doc.components.schemas['posthog.BatchExportRun']).toBeDefined();
    expect(doc.components.schemas['weaviate.ErrorResponse']).toBeDefined();
    const one = buildOpenApi({ registry, vendors: ['pinpoint'] }) as Record<string, Doc>;
    expect(Object.keys(one.components.schemas)).toContain('ExportJobResponse');
    expect(Object.keys(one.paths).every((p) => p.startsWith('/v1/apps/'))).toBe(true);
  });

  it.each(routes)(
    '$vendor $route.method $route.path: every example passes jobkit validate',
    ({ vendor, route }) => {
      const responses = doc.paths[route.path][route.method.toLowerCase()].responses as Record<string, Doc>;
      expect(Object.keys(responses).length).toBeGreaterThan(1);
      for (const [status, response] of Object.entries(responses)) {
        const media = response.content?.['application/json'];
        if (!media) continue;
        const ref: string | undefined = media.schema.$ref;
        const examples =
          media.example !== undefined
            ? [media.example]
            : Object.values(media.examples ?? {}).map((e: Doc) => e.value);
        expect(examples.length, `${status} has an example`).toBeGreaterThan(0);
        if (!ref) continue;
        const schema = ref.split('/').pop()?.replace(`${vendor}.`, '') as string;
        for (const example of examples)
          expect(registry.get(vendor).validate(example, schema).issues, `${status}`).toEqual([]);
      }
    },
  );

  it('error responses carry the vendor shape and headers (Pinpoint x-amzn-ErrorType)', () => {
    const r404 = doc.paths['/v1/apps/{application-id}/jobs/export/{job-id}'].get.responses['404'];
    expect(r404.headers['x-amzn-ErrorType']).toEqual({ schema: { type: 'string' } });
    expect(r404.content['application/json'].example).toMatchObject({ Message: 'Resource not found' });
    expect(doc.paths['/v1/import/{job_id}/status'].get.responses['429'].headers['Retry-After']).toBeDefined();
  });

  it('parameters: path params required, declared values as enums, list queries', () => {
    const get = doc.paths['/v1/export/{backend}/{id}'].get;
    expect(get.parameters).toContainEqual({
      name: 'backend',
      in: 'path',
      required: true,
      schema: { type: 'string', enum: ['filesystem', 's3', 'gcs', 'azure'] },
    });
    const list = doc.paths['/v1/apps/{application-id}/jobs/export'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual([
      'application-id',
      'page-size',
      'token',
    ]);
  });

  it('is the same for the same input (examples are seeded, on a fixed clock)', () => {
    expect(JSON.stringify(buildOpenApi({ registry }))).toBe(JSON.stringify(doc));
  });

  it("shares no object with the vendors' schema bundles: editing the document leaves them as they were", () => {
    const own = createRegistry();
    const bundles = own.names().map((name) => own.get(name).schemas.bundle.document.$defs);
    const before = JSON.stringify(bundles);
    const fresh = buildOpenApi({ registry: own }) as Doc;
    const scribble = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const n of node) scribble(n);
        node.push('scribbled');
      } else if (node && typeof node === 'object') {
        for (const v of Object.values(node)) scribble(v);
        (node as Record<string, unknown>).scribbled = true;
      }
    };
    scribble(fresh.components.schemas);
    expect(JSON.stringify(bundles)).toBe(before);
  });

  it('the CLI writes JSON or YAML', async () => {
    const dir = tempDir({});
    const run = await cli(['openapi', '--out', join(dir, 'api.yaml'), '--vendor', 'dakera']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/wrote .*api\.yaml: OpenAPI 3\.1, 1 paths/);
    const yaml = parseYaml(readFileSync(join(dir, 'api.yaml'), 'utf8'));
    expect(Object.keys(yaml.paths)).toEqual(['/v1/import/{job_id}/status']);
    const json = await cli(['openapi', '--vendor', 'weaviate']);
    expect(JSON.parse(json.stdout).components.schemas.ExportStatusResponse).toBeDefined();
    expect((await cli(['openapi', '--vendor', 'nope'])).code).toBe(2);
  });

  it('a file it cannot write is exit 2 naming the file and the error code', async () => {
    const out = join(tempDir({ taken: 'a file' }), 'taken', 'api.json');
    const run = await cli(['openapi', '--out', out, '--vendor', 'dakera']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`jobkit: Cannot write ${out}: EEXIST.\n`);
    expect(run.stdout).toBe('');
  });
});
