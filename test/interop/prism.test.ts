import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import type { RouteSpec } from '../../src/mock/types.js';
import { buildOpenApi } from '../../src/openapi/export.js';
import { getAt } from '../../src/util/pointer.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli, ROOT } from '../helpers/cli.js';
import { tempTree } from '../helpers/fixtures.js';
import { type Prism, startPrism } from '../helpers/prism.js';
import { scriptedServer } from '../helpers/scripted-server.js';

// The built-ins and the vendors `jobkit init` wrote for the examples: Prism judges both the same way.
const EXAMPLES = ['openai-batch', 'azure-translator', 'generic-202'].map((n) => join(ROOT, 'examples', n));
const registry = createRegistry({ roots: EXAMPLES });
const vendors = registry.names();
const tree = tempTree({});
const spec = join(tree.dir, 'openapi.json');
writeFileSync(spec, JSON.stringify(buildOpenApi({ registry })));
afterAll(() => tree.cleanup());

/** A concrete path for a route: declared values where there are some, made-up ids elsewhere. */
function concrete(route: RouteSpec): string {
  return route.path.replace(
    /\{([^}]+)\}/g,
    (_m, name: string) => route.paramValues?.[name]?.[0] ?? `any-${name}`,
  );
}

describe('prism mock on `jobkit openapi`', () => {
  let prism: Prism;
  beforeAll(async () => {
    prism = await startPrism(['mock', spec]);
  }, 40_000);
  afterAll(() => prism.stop());

  it('loads the document without errors or warnings', () => {
    // Prism marks problems with its log levels; its route list itself is made of random lorem words.
    expect(prism.output(), prism.output()).not.toMatch(/\[CLI\]\s+(✖|⚠)|\b(fatal|warning)\b\s/);
    expect(prism.output()).toMatch(/Prism is listening/);
  });

  const getRoutes = vendors.flatMap((vendor) =>
    (registry.get(vendor).lifecycle.api?.routes ?? [])
      .filter((r) => r.method === 'GET')
      .map((route) => ({ vendor, route })),
  );

  it.each(getRoutes)(
    '$vendor GET $route.path: Prism serves a body that passes jobkit validate',
    async ({ vendor, route }) => {
      const res = await fetch(`${prism.origin}${concrete(route)}`);
      expect(res.status).toBe(200);
      // A probe answers 200 with no body (Weaviate's /.well-known/ready and /live).
      if (route.action === 'static' && route.response?.body === undefined) {
        expect(await res.text()).toBe('');
        return;
      }
      const body = await res.json();
      const schema = route.action === 'status' ? registry.get(vendor).root : route.schema;
      if (schema) expect(registry.get(vendor).validate(body, schema).issues).toEqual([]);
      else expect(typeof body).toBe('object');
    },
  );

  it.each(vendors)(
    'jobkit check --vendor %s --allow-static against Prism: schema results, a note that a static mock has no lifecycle, exit 0',
    async (vendor) => {
      const route = registry
        .get(vendor)
        .lifecycle.api?.routes.find((r) => r.action === 'status') as RouteSpec;
      const run = await cli([
        'check',
        ...EXAMPLES.flatMap((dir) => ['--vendors', dir]),
        '--vendor',
        vendor,
        '--url',
        `${prism.origin}${concrete(route)}`,
        '--interval-ms',
        '20',
        '--timeout-ms',
        '5000',
        '--allow-static',
      ]);
      expect(run.stderr).toBe('');
      // Prism answers the document's example; a terminal one (Azure's Succeeded) ends the check at once.
      const v = registry.get(vendor);
      const first = await (await fetch(`${prism.origin}${concrete(route)}`)).json();
      const state = String(getAt(first, v.statusField));
      if (!v.states.find((s) => s.name === state)?.terminal) {
        expect(run.stdout).toMatch(/looks like a static mock \(e\.g\. Prism\)/);
      }
      expect(run.stdout).toMatch(/1 check: 1 passed, 0 failed/);
      expect(run.code).toBe(0);
    },
  );
});

describe('prism proxy --errors in front of the mock', () => {
  let mock: MockServer;
  let prism: Prism;
  beforeAll(async () => {
    mock = await createMockServer({ registry, seed: 8, clock: createManualClock(Date.UTC(2026, 4, 1)) });
    prism = await startPrism(['proxy', spec, mock.url, '--errors']);
  }, 40_000);
  afterAll(async () => {
    await prism.stop();
    await mock.close();
  });

  async function viaProxy(path: string, init?: RequestInit) {
    const res = await fetch(`${prism.origin}${path}`, init);
    return { status: res.status, violations: res.headers.get('sl-violations'), text: await res.text() };
  }

  it('every vendor × scenario, polled through its whole life, raises no Prism violation', async () => {
    const jobs = mock.state.createDemoJobs();
    expect(jobs.length).toBeGreaterThanOrEqual(25);
    let polls = 0;
    for (const advance of [0, 1500, 4000, 10_000, 30_000, 120_000, 900_000]) {
      mock.clock.advance(advance);
      for (const job of jobs) {
        const reply = await viaProxy(mock.state.statusPath(job) as string);
        expect(reply.violations, `${job.vendor}/${job.scenario}: ${reply.text}`).toBeNull();
        expect(reply.status, `${job.vendor}/${job.scenario}: ${reply.text}`).toBe(200);
        polls++;
      }
    }
    expect(polls).toBe(jobs.length * 7);
  }, 60_000);

  it.each([
    [
      'pinpoint create (202)',
      'POST',
      '/v1/apps/app1/jobs/export',
      { RoleArn: 'arn:aws:iam::1:role/r', S3UrlPrefix: 's3://b/p/' },
      202,
    ],
    ['weaviate create', 'POST', '/v1/export/s3', { id: 'proxy-1', file_format: 'parquet' }, 200],
    [
      'fullstory create',
      'POST',
      '/segments/v1/exports',
      { segmentId: 's', type: 'TYPE_EVENT', format: 'FORMAT_JSON' },
      200,
    ],
    [
      'posthog backfill',
      'POST',
      '/api/projects/1/batch_exports/0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60/backfills/',
      { start_at: '2026-01-01T00:00:00Z', end_at: '2026-01-01T02:00:00Z' },
      201,
    ],
    [
      'posthog backfill while one runs (429 too_many_concurrent_backfills)',
      'POST',
      '/api/environments/1/batch_exports/0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60/backfills/',
      { start_at: '2026-01-01T00:00:00Z', end_at: '2026-01-01T01:00:00Z' },
      429,
    ],
    ['pinpoint unknown job (404 NotFoundException)', 'GET', '/v1/apps/app1/jobs/export/nope', undefined, 404],
    ['dakera unknown job (404)', 'GET', '/v1/import/nope/status', undefined, 404],
    [
      'posthog list',
      'GET',
      '/api/projects/1/batch_exports/0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60/runs/',
      undefined,
      200,
    ],
    [
      'posthog list by data interval, in a window',
      'GET',
      '/api/projects/1/batch_exports/0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60/runs/?ordering=-data_interval_start&start=-30d&end=-1h',
      undefined,
      200,
    ],
    ['weaviate meta', 'GET', '/v1/meta', undefined, 200],
  ])('%s passes through without violations', async (_name, method, path, body, status) => {
    const reply = await viaProxy(path, {
      method,
      ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    expect(reply.violations, reply.text).toBeNull();
    expect(reply.status, reply.text).toBe(status);
  });

  it.each([
    ['/v2/users/batch', { requests: [{ uid: 'u-1', email: 'a@x.io' }, { id: '987654321' }] }],
    [
      '/v2/events/batch',
      {
        requests: [
          { name: 'Signup', user: { uid: 'u-1' }, session: { use_most_recent: true } },
          { name: 'Ping' },
        ],
        shared: { context: { browser: { url: 'https://x.test/' } } },
      },
    ],
  ])(
    'FullStory %s: imports and errors with their records pass through without violations',
    async (path, body) => {
      const ids: string[] = [];
      for (const scenario of ['happy', 'failure']) {
        const created = await viaProxy(path, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', 'x-jobkit-scenario': scenario },
        });
        expect(created.violations, created.text).toBeNull();
        ids.push((JSON.parse(created.text) as { job: { id: string } }).job.id);
      }
      mock.clock.advance(900_000);
      for (const id of ids) {
        for (const part of ['imports', 'errors']) {
          const reply = await viaProxy(`${path}/${id}/${part}`);
          expect(reply.violations, reply.text).toBeNull();
          expect(reply.status, reply.text).toBe(200);
        }
      }
    },
  );

  it('the proxy does flag a body that breaks the schema (so the checks above can fail)', async () => {
    // Paths outside /jobs/ are looked up whole, so the proxy's upstream path names the script.
    const broken = await scriptedServer({
      '/v1/apps/a/jobs/export/x': [{ ApplicationId: 'a', JobStatus: 'RUNNING' }],
    });
    const proxy = await startPrism(['proxy', spec, broken.url('').replace(/\/jobs\/$/, ''), '--errors']);
    try {
      const res = await fetch(`${proxy.origin}/v1/apps/a/jobs/export/x`);
      await res.text();
      expect(res.headers.get('sl-violations') ?? String(res.status)).toMatch(/JobStatus|500/);
    } finally {
      await proxy.stop();
      await broken.close();
    }
  }, 40_000);
});
