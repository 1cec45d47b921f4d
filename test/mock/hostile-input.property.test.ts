import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../helpers/fast-check.js';
import { createManualClock } from '../../src/mock/clock.js';
import { vendorError } from '../../src/mock/errors.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { pathOf } from '../../src/mock/respond.js';
import { createRegistry } from '../../src/vendors/registry.js';

/**
 * Hostile requests against a running mock (every vendor from the registry, and the admin API):
 * random paths built from the declared routes with hostile segments, random methods, headers
 * and bodies. Each answer must be a well-formed HTTP response with a JSON body in the vendor's
 * error shape (vendor routes) or jobkit's (admin API, unknown routes), never a 5xx but an
 * injected fault's; and the server must still answer a known job's status GET with 200.
 */

const registry = createRegistry();
let server: MockServer;
let knownStatus: string;
let vendorKeys: Map<string, string>;
/** The keys of each vendor's answers off its routes (no_route, method_not_allowed): Dakera's not_found has its own shape. */
let offRouteKeys: string[];

beforeAll(async () => {
  server = await createMockServer({ registry, clock: createManualClock(), seed: 13 });
  const res = await fetch(`${server.url}/__jobkit/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vendor: 'dakera', id: 'known-job' }),
  });
  knownStatus = pathOf(((await res.json()) as { statusUrl: string }).statusUrl);
  vendorKeys = new Map(
    server.state.compiled.map((r) => [
      r.vendor.name,
      Object.keys(vendorError(r.api.errors, 'not_found', { requestId: 'x' }).body as object)
        .sort()
        .join(','),
    ]),
  );
  offRouteKeys = server.state.compiled.flatMap((r) =>
    (['no_route', 'method_not_allowed'] as const).map((kind) =>
      Object.keys(vendorError(r.api.errors, kind, { requestId: 'x' }).body as object)
        .sort()
        .join(','),
    ),
  );
});
afterAll(async () => {
  await server.close();
});

const hostileSegment = fc.oneof(
  fc
    .string({ unit: 'binary', maxLength: 12 })
    .map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/gu, ''))),
  fc.constantFrom(
    '%01',
    '%7F',
    '%0A',
    '%00',
    '%E2%82%AC',
    '%E4%B8%AD',
    '%ED%A0%80',
    '%',
    '%zz',
    '%C0%AF',
    '..',
    '.',
  ),
  fc.integer({ min: 200, max: 3000 }).map((n) => 'x'.repeat(n)),
  fc.stringMatching(/^[a-z0-9-]{1,20}$/),
);

const deep = fc.integer({ min: 60, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
const body = fc.oneof(
  fc.constant(undefined),
  deep,
  fc.json({ maxDepth: 4 }),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from([0xff, 0xfe, ...b])),
  fc.constantFrom('{"id": null}', '{"id": 5}', '{"vendor": []}', '{"id":"\\ud800"}', '[]', '"x"', '{'),
  fc
    .record({ vendor: fc.constantFrom(...registry.names(), 'nope'), id: hostileSegment })
    .map((o) => JSON.stringify(o)),
);

const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const headers = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      '',
    ),
    'x-jobkit-scenario': headerValue,
    accept: headerValue,
    origin: headerValue,
  },
  { requiredKeys: [] },
);

/** A path: a declared route (vendor or admin) with its parameters hostile, or nonsense. */
function pathArb() {
  const templates = [
    ...server.state.routes.map((r) => r.path),
    '/__jobkit',
    '/__jobkit/jobs',
    '/__jobkit/jobs/{id}',
    '/__jobkit/jobs/{id}/{action}',
    '/__jobkit/faults/{id}',
    '/__jobkit/clock',
    '/__jobkit/nope/{id}',
  ];
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...templates), fc.array(hostileSegment, { minLength: 4, maxLength: 4 }))
      .map(([t, segs]) => {
        let i = 0;
        return t.replace(/\{[^}]+\}/g, () => segs[i++ % segs.length] as string);
      }),
    fc.array(hostileSegment, { minLength: 1, maxLength: 5 }).map((segs) => `/${segs.join('/')}`),
  );
}

function expectShape(method: string, path: string, status: number, text: string) {
  expect(status, `${method} ${path}: ${text.slice(0, 200)}`).toBeLessThan(500);
  if (status === 204) return;
  const parsed = JSON.parse(text) as Record<string, unknown>;
  if (status < 400) return;
  // The path as sent: fetch resolves "." and ".." segments first.
  const at = new URL(`${server.url}${path}`).pathname;
  if (at.startsWith('/__jobkit')) {
    expect((parsed.error as { code?: unknown })?.code).toEqual(expect.any(String));
    return;
  }
  const route = server.state.compiled.find((r) => r.spec.method === method && r.pattern.test(at));
  const keys = Object.keys(parsed).sort().join(',');
  if (route) expect(keys, `${method} ${path}`).toBe(vendorKeys.get(route.vendor.name));
  else expect([...vendorKeys.values(), ...offRouteKeys, 'error']).toContain(keys);
}

describe('hostile requests', () => {
  it('every answer is well-formed, in its shape, and never a 5xx; the server keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        pathArb(),
        headers,
        body,
        async (method, path, head, payload) => {
          const init: RequestInit = { method, headers: head };
          if (method !== 'GET' && payload !== undefined) init.body = payload;
          const res = await fetch(`${server.url}${path}`, init);
          const text = await res.text();
          if (method === 'OPTIONS') expect(res.status).toBe(204);
          else {
            expect(res.headers.get('access-control-allow-origin')).toBe('*');
            // A probe declared with no body (Weaviate's /.well-known/live) answers 200 and nothing else.
            const bodiless = res.status === 204 || (res.status === 200 && text === '' && isProbe(path));
            if (!bodiless) {
              expect(res.headers.get('content-type')).toMatch(/^application\/json/);
              expectShape(method, path, res.status, text);
            }
          }
          server.faults.clear();
        },
      ),
      { numRuns: 300 },
    );
    // Hostile requests may reset the mock; the known job is made again if they did.
    if (!server.jobs.get('dakera', 'known-job'))
      server.state.createJob({ vendor: 'dakera', id: 'known-job' });
    const res = await fetch(`${server.url}${knownStatus}`);
    expect(res.status).toBe(200);
  }, 120_000);
});

/** The static routes the registry declares with no body (liveness and readiness probes). */
function isProbe(path: string): boolean {
  return registry
    .names()
    .flatMap((v) => registry.get(v).lifecycle.api?.routes ?? [])
    .some((r) => r.action === 'static' && r.response?.body === undefined && r.path === path.split('?')[0]);
}
