import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialProblem } from '../../src/mock/auth.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';

/**
 * Every vendor's cross-cutting paths: its credential check under requireAuth, its 405 with Allow
 * on a declared path, its own 404 for an unknown path in its namespace, and its Content-Type.
 */
const registry = createRegistry();
const VENDORS = registry.names();

/** A credential in each scheme's format (never checked for its value). */
const GOOD: Record<string, string> = {
  bearer: 'Bearer phx_abc123',
  basic: 'Basic bmEuYWJjMTIz',
  sigv4: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/mobiletargeting/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'a'.repeat(64)}`,
};

let open: MockServer;
let checked: MockServer;

beforeAll(async () => {
  open = await createMockServer({ registry, seed: 1 });
  checked = await createMockServer({ registry, seed: 1, requireAuth: true });
});
afterAll(async () => {
  await open?.close();
  await checked?.close();
});

function vendorOf(server: MockServer, vendor: string) {
  const mv = server.state.vendors.get(vendor);
  if (!mv) throw new Error(`no vendor ${vendor}`);
  return mv;
}

/** A status URL of a job of this vendor, made through the admin API's state. */
function statusUrl(server: MockServer, vendor: string): string {
  const job = server.state.createDemoJobs().find((j) => j.vendor === vendor);
  if (!job) throw new Error(`no demo job for ${vendor}`);
  const url = server.state.summary(job, server.url).statusUrl;
  if (!url) throw new Error(`no status route for ${vendor}`);
  return url;
}

describe.each(VENDORS)('%s', (vendor) => {
  const api = () => vendorOf(open, vendor).vendor.lifecycle.api;

  it('serves status answers without a credential by default, and checks its format under requireAuth', async () => {
    const auth = api()?.auth;
    expect((await fetch(statusUrl(open, vendor))).status).toBe(200);
    const url = statusUrl(checked, vendor);
    if (!auth) return;
    const missing = await fetch(url);
    const kinds = api()?.errors.kinds ?? {};
    expect(missing.status).toBe(kinds.unauthorized?.status ?? 401);
    const body = await missing.json();
    expect(JSON.stringify(body)).toContain(kinds.unauthorized?.message ?? 'unauthorized');
    const malformed = await fetch(url, { headers: { authorization: 'Token nope' } });
    expect(malformed.status).toBe(kinds.forbidden?.status ?? 403);
    expect(JSON.stringify(await malformed.json())).toContain(kinds.forbidden?.message ?? 'forbidden');
    const good = await fetch(url, { headers: { authorization: GOOD[auth.scheme] as string } });
    expect(good.status).toBe(200);
    await good.arrayBuffer();
  });

  it('answers a wrong method on a declared path with its 405 and Allow', async () => {
    const route = open.state.compiled.find((r) => r.vendor.name === vendor && r.spec.action === 'status');
    if (!route) return;
    const url = statusUrl(open, vendor);
    const res = await fetch(url, { method: 'PATCH' });
    expect(res.status).toBe(api()?.errors.kinds.method_not_allowed?.status ?? 405);
    const allow = res.headers.get('allow') ?? '';
    expect(allow.split(', ')).toContain('GET');
    const body = await res.json();
    expect(body).not.toHaveProperty('error.code', 'route_not_found');
  });

  it("answers an unknown path in its namespace with its own 404, not jobkit's", async () => {
    const route = open.state.compiled.find(
      (r) => r.vendor.name === vendor,
    ) as (typeof open.state.compiled)[number];
    const prefix = api()?.namespace?.[0] ?? route.spec.path.split('{')[0] ?? '/';
    const res = await fetch(`${open.url}${prefix.replace(/\/?$/, '/')}no-such/thing/at/all/here`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).not.toContain('route_not_found');
    // Vendors of one API share a namespace (Pinpoint's export and import jobs): either may answer.
    const sharing = open.state.compiled
      .filter((r) => r.spec.path.startsWith(prefix))
      .map((r) => r.vendor.name);
    expect(sharing).toContain(vendor);
    const detail = res.headers.get('x-jobkit-detail') ?? '';
    expect(sharing.some((v) => detail.includes(`no ${v} route`) || detail.includes(v))).toBe(true);
  });

  it('sends its own Content-Type on status answers and errors', async () => {
    const want = api()?.contentType ?? 'application/json; charset=UTF-8';
    const ok = await fetch(statusUrl(open, vendor));
    expect(ok.headers.get('content-type')).toBe(want);
    await ok.arrayBuffer();
    const err = await fetch(statusUrl(open, vendor), { method: 'PATCH' });
    expect(err.headers.get('content-type')).toBe(want);
    await err.arrayBuffer();
  });

  it('answers an injected unauthorized fault (an expired key mid-lifecycle) in its own words', async () => {
    const url = statusUrl(open, vendor);
    const fault = await fetch(`${open.url}/__jobkit/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor, error: 'unauthorized', times: 1 }),
    });
    expect(fault.status).toBeLessThan(300);
    await fault.arrayBuffer();
    const res = await fetch(url);
    expect(res.status).toBe(api()?.errors.kinds.unauthorized?.status ?? 401);
    await res.arrayBuffer();
    const after = await fetch(url);
    expect(after.status).toBe(200);
    await after.arrayBuffer();
  });
});

describe('credential formats', () => {
  it('tells a missing, a malformed and a well-formed credential apart per scheme', () => {
    expect(credentialProblem({ scheme: 'bearer' }, undefined)).toBe('unauthorized');
    expect(credentialProblem({ scheme: 'bearer' }, 'Basic abc')).toBe('forbidden');
    expect(credentialProblem({ scheme: 'basic' }, 'Basic key')).toBeUndefined();
    const sig = GOOD.sigv4 as string;
    expect(credentialProblem({ scheme: 'sigv4', service: 'mobiletargeting' }, sig)).toBeUndefined();
    expect(credentialProblem({ scheme: 'sigv4', service: 's3' }, sig)).toBe('forbidden');
  });
});

describe('Dakera', () => {
  it('sends the X-RateLimit headers its SDK reads, and its SDK error codes', async () => {
    const res = await fetch(`${open.url}/v1/import/nope/status`);
    expect(res.status).toBe(404);
    for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
      expect(Number(res.headers.get(h))).toBeGreaterThanOrEqual(0);
    const url = statusUrl(checked, 'dakera');
    const missing = await fetch(url);
    expect(((await missing.json()) as { code: string }).code).toBe('AUTHENTICATION_REQUIRED');
    const bad = await fetch(url, { headers: { authorization: 'Bearer' } });
    expect(((await bad.json()) as { code: string }).code).toBe('INVALID_API_KEY');
  });
});
