import { request } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { vendorError } from '../../src/mock/errors.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';

/**
 * The fault catalogue against a real server on port 0: each fault's effect as a real client
 * (fetch, node:http) sees it. Faults are added through the admin API, as a user would.
 */

const registry = createRegistry();
const VENDORS = registry.names();

let server: MockServer;
/** One running job per vendor (scenario "stuck", so it stays running). */
let urls: Record<string, string>;

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/__jobkit${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function addFault(fault: Record<string, unknown>) {
  const added = await admin('POST', '/faults', fault);
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  return added.body as { id: string; left?: number };
}

function createJob(vendor: string, scenario = 'stuck'): string {
  const job = server.state.createJob({ vendor, scenario });
  return `${server.url}${server.state.statusPath(job)}`;
}

/** What node:http sees: the status (if any headers came) and how the exchange ended. */
function nodeGet(url: string, timeoutMs = 2000) {
  return new Promise<{ status?: number; body: string; error?: string }>((resolve) => {
    let status: number | undefined;
    let body = '';
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      status = res.statusCode;
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status, body }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ status, body, error: e.code ?? e.message }));
      res.on('aborted', () => resolve({ status, body, error: 'aborted' }));
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status, body, error: e.code ?? e.message }));
    req.end();
  });
}

beforeAll(async () => {
  server = await createMockServer({ registry, seed: 5, clock: createManualClock(Date.UTC(2026, 0, 1)) });
});
afterAll(() => server.close());
beforeEach(async () => {
  await admin('POST', '/reset');
  urls = Object.fromEntries(VENDORS.map((v) => [v, createJob(v)]));
});

describe('latency', () => {
  it('fixed: the answer waits, then succeeds', async () => {
    await addFault({ vendor: 'dakera', latencyMs: 80 });
    const start = performance.now();
    expect((await fetch(urls.dakera as string)).status).toBe(200);
    expect(performance.now() - start).toBeGreaterThanOrEqual(75);
  });

  it('uniform [min, max] and lognormal {median, sigma}: at least the minimum, about the median', async () => {
    await addFault({ vendor: 'weaviate', latencyMs: [60, 90] });
    await addFault({ vendor: 'fullstory', latencyMs: { median: 60, sigma: 0.01 } });
    for (const vendor of ['weaviate', 'fullstory']) {
      const start = performance.now();
      expect((await fetch(urls[vendor] as string)).status).toBe(200);
      expect(performance.now() - start, vendor).toBeGreaterThanOrEqual(55);
    }
  });
});

describe('errors in the vendor shape', () => {
  it.each(VENDORS)('%s: a too_many_requests error with Retry-After as an HTTP date', async (vendor) => {
    const date = 'Wed, 21 Oct 2026 07:28:00 GMT';
    await addFault({ vendor, error: 'too_many_requests', retryAfter: date });
    const res = await fetch(urls[vendor] as string);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe(date);
    // The vendor's own error format, as its errors section declares it.
    const api = server.state.compiled.find((r) => r.vendor.name === vendor)?.api;
    const own = vendorError(api?.errors ?? { kinds: {}, body: {} }, 'too_many_requests', { requestId: 'r' });
    expect(Object.keys((await res.json()) as object).sort()).toEqual(Object.keys(own.body as object).sort());
  });

  it('a status code: 400 wears the bad_request body and no Retry-After; 503 retries in 1 s', async () => {
    await addFault({ vendor: 'dakera', status: 400 });
    await addFault({ vendor: 'weaviate', status: 503, retryAfter: 0 });
    await addFault({ vendor: 'posthog', status: 502 });
    const bad = await fetch(urls.dakera as string);
    expect(bad.status).toBe(400);
    expect(bad.headers.has('retry-after')).toBe(false);
    expect(await bad.json()).toMatchObject({ code: expect.any(String) });
    const unavailable = await fetch(urls.weaviate as string);
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('0');
    expect((await fetch(urls.posthog as string)).headers.get('retry-after')).toBe('1');
  });
});

describe('transport faults', () => {
  it('connection_reset: fetch and node:http both fail with ECONNRESET', async () => {
    await addFault({ vendor: 'dakera', fault: 'connection_reset' });
    const error = await fetch(urls.dakera as string).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('ECONNRESET');
    expect(await nodeGet(urls.dakera as string)).toEqual({ body: '', error: 'ECONNRESET' });
  });

  it('empty_response: the connection closes with no answer at all', async () => {
    await addFault({ vendor: 'dakera', fault: 'empty_response' });
    await expect(fetch(urls.dakera as string)).rejects.toThrow();
    const seen = await nodeGet(urls.dakera as string);
    expect(seen.status).toBeUndefined();
    expect(seen.error).toMatch(/ECONNRESET|socket hang up/);
  });

  it('malformed_chunk: headers arrive, then the chunked framing breaks', async () => {
    await addFault({ vendor: 'dakera', fault: 'malformed_chunk' });
    const res = await fetch(urls.dakera as string);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    const seen = await nodeGet(urls.dakera as string);
    expect(seen.status).toBe(200);
    expect(seen.error).toBe('HPE_INVALID_CHUNK_SIZE');
  });

  it('stall: the headers, then nothing until the client times out', async () => {
    await addFault({ vendor: 'dakera', fault: 'stall' });
    const start = performance.now();
    const res = await fetch(urls.dakera as string, { signal: AbortSignal.timeout(300) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/json/);
    await expect(res.text()).rejects.toThrow(/abort|timeout/i);
    expect(performance.now() - start).toBeGreaterThanOrEqual(290);
    const seen = await nodeGet(urls.dakera as string, 200);
    expect(seen.status).toBe(200);
    expect(seen.error).toMatch(/aborted|client timeout|ECONNRESET/);
  });

  it('stall with stallMs: the server closes the connection after that long', async () => {
    await addFault({ vendor: 'dakera', fault: 'stall', stallMs: 100 });
    const start = performance.now();
    const seen = await nodeGet(urls.dakera as string, 5000);
    expect(seen.status).toBe(200);
    expect(seen.error).toMatch(/aborted|ECONNRESET/);
    expect(performance.now() - start).toBeLessThan(4000);
  });

  it('truncated_json: a well-formed answer whose JSON is cut in half', async () => {
    await addFault({ vendor: 'weaviate', fault: 'truncated_json' });
    const res = await fetch(urls.weaviate as string);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow();
    await admin('DELETE', '/faults');
    expect((await (await fetch(urls.weaviate as string)).text()).startsWith(text)).toBe(true);
  });

  it('the server keeps serving after each of them', async () => {
    for (const fault of ['connection_reset', 'empty_response', 'malformed_chunk', 'truncated_json']) {
      await addFault({ vendor: 'dakera', fault, times: 1 });
      await fetch(urls.dakera as string)
        .then((r) => r.text())
        .catch(() => undefined);
      expect((await fetch(urls.dakera as string)).status, fault).toBe(200);
    }
  });
});

describe('scope and budget', () => {
  it('a job id: only that job', async () => {
    const other = createJob('dakera');
    const id = new URL(urls.dakera as string).pathname.split('/')[3];
    await addFault({ jobId: id, status: 500 });
    expect((await fetch(urls.dakera as string)).status).toBe(500);
    expect((await fetch(other)).status).toBe(200);
  });

  it('a scenario: only jobs of that scenario', async () => {
    const happy = createJob('fullstory', 'happy');
    await addFault({ vendor: 'fullstory', scenario: 'stuck', status: 503 });
    expect((await fetch(urls.fullstory as string)).status).toBe(503);
    expect((await fetch(happy)).status).toBe(200);
  });

  it('a route: METHOD and path template', async () => {
    const route = server.state.routes.find((r) => r.vendor === 'weaviate' && r.action === 'status');
    await addFault({ route: `${route?.method} ${route?.path}`, status: 504 });
    expect((await fetch(urls.weaviate as string)).status).toBe(504);
    expect((await fetch(urls.dakera as string)).status).toBe(200);
  });

  it('times: the next N requests, counted down in the listing, then gone', async () => {
    const added = await addFault({ vendor: 'dakera', status: 500, times: 2 });
    expect(added.left).toBe(2);
    expect((await fetch(urls.dakera as string)).status).toBe(500);
    expect((await admin('GET', '/faults')).body.faults).toEqual([{ ...added, left: 1 }]);
    expect((await fetch(urls.dakera as string)).status).toBe(500);
    expect((await admin('GET', '/faults')).body.faults).toEqual([]);
    expect((await fetch(urls.dakera as string)).status).toBe(200);
  });

  it('errorRate: a seeded share, the same after a reset', async () => {
    const statuses = async () => {
      await addFault({ vendor: 'dakera', status: 503, errorRate: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 40; i++) out.push((await fetch(urls.dakera as string)).status);
      await admin('DELETE', '/faults');
      return out;
    };
    const first = await statuses();
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    expect(await statuses()).toEqual(first);
  });

  it('DELETE /__jobkit/faults clears them all', async () => {
    await addFault({ vendor: 'dakera', status: 500 });
    await addFault({ fault: 'connection_reset' });
    expect((await admin('GET', '/faults')).body.faults).toHaveLength(2);
    expect((await admin('DELETE', '/faults')).status).toBe(204);
    expect((await admin('GET', '/faults')).body).toEqual({ faults: [] });
    expect((await fetch(urls.dakera as string)).status).toBe(200);
  });
});
