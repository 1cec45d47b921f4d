import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, fastAnswer, type MockServer } from '../../src/mock/listen.js';
import type { MockState } from '../../src/mock/state.js';
import { createRegistry } from '../../src/vendors/registry.js';

/** The node:http fast path must answer status GETs exactly as the Hono app does. */
describe('createMockServer: the node:http fast path', () => {
  let server: MockServer;
  /** The server's state, with its app and what its fast path would send for a URL. */
  let mock: MockState & Pick<MockServer, 'app'> & { fastStatus: (url: string) => unknown };
  let origin: string;
  const logged: string[] = [];

  beforeAll(async () => {
    server = await createMockServer({
      registry: createRegistry(),
      seed: 6,
      clock: createManualClock(Date.UTC(2026, 1, 1)),
      log: (l) => logged.push(l),
    });
    mock = { ...server.state, app: server.app, fastStatus: (url) => fastAnswer(server, url) };
    origin = server.url;
  });
  afterAll(() => server.close());

  const SAME_HEADERS = ['content-type', 'access-control-allow-origin', 'access-control-expose-headers'];

  it('answers every demo job as Hono does: status, body and headers', async () => {
    const jobs = mock.createDemoJobs();
    mock.clock.advance(7000);
    for (const job of jobs) {
      const path = mock.statusPath(job) as string;
      // A vendor with a request window is answered by Hono, which reads the request's credential.
      if (server.state.compiled.some((r) => r.vendor.name === job.vendor && r.api.rateLimit))
        expect(mock.fastStatus(path), path).toBeUndefined();
      else expect(mock.fastStatus(path), path).toBeDefined();
      const fast = await fetch(`${origin}${path}`, { headers: { origin: 'http://localhost:5173' } });
      const slow = await mock.app.request(path, { headers: { origin: 'http://localhost:5173' } });
      expect(fast.status).toBe(slow.status);
      expect(await fast.text()).toBe(await slow.text());
      for (const h of SAME_HEADERS) expect(fast.headers.get(h), `${path} ${h}`).toBe(slow.headers.get(h));
      expect(fast.headers.has('x-amzn-requestid')).toBe(slow.headers.has('x-amzn-requestid'));
    }
    expect(logged.some((l) => /^GET \/v1\/import\/imp-[0-9a-f]+\/status 200 \d+\.\dms$/.test(l))).toBe(true);
  });

  it.each([
    ['an unknown job (vendor 404 from Hono)', '/v1/import/nope/status', 404, /^\{"error":"Job not found"\}$/],
    ['a backend outside the enum (422)', '/v1/export/ftp/x', 422, /not supported/],
    ['a query string is ignored', '', 200, /"job_id"/],
    ['a bad percent-encoding', '/v1/import/%E0%A4%A/status', 404, /Job not found/],
  ])('%s', async (_name, given, status, body) => {
    const job = mock.createJob({ vendor: 'dakera', scenario: 'stuck' });
    const path = given || `${mock.statusPath(job)}?x=1`;
    const res = await fetch(`${origin}${path}`);
    expect(res.status).toBe(status);
    expect(await res.text()).toMatch(body);
  });

  it('never answers a stale body: ending a job within the same clock millisecond shows at once', async () => {
    const job = mock.createJob({ vendor: 'posthog', scenario: 'stuck' });
    mock.clock.advance(5000);
    const path = mock.statusPath(job) as string;
    const before = (await (await fetch(`${origin}${path}`)).json()) as { status: string };
    expect(before.status).toBe('Running');
    // The manual clock has not moved: the same millisecond, so only the job's end can tell.
    expect((await fetch(`${origin}${path}cancel/`, { method: 'POST' })).status).toBe(200);
    const after = (await (await fetch(`${origin}${path}`)).json()) as { status: string };
    expect(after.status).toBe('Cancelled');
    mock.clock.advance(1);
    expect(((await (await fetch(`${origin}${path}`)).json()) as { status: string }).status).toBe('Cancelled');
  });

  it('steps aside while faults are set, so they apply', async () => {
    const job = mock.createJob({ vendor: 'dakera', scenario: 'stuck' });
    const fault = mock.faults.add({ vendor: 'dakera', errorRate: 1, status: 503 });
    try {
      expect(mock.fastStatus(mock.statusPath(job) as string)).toBeUndefined();
      expect((await fetch(`${origin}${mock.statusPath(job)}`)).status).toBe(503);
    } finally {
      mock.faults.remove(fault.id);
    }
    expect((await fetch(`${origin}${mock.statusPath(job)}`)).status).toBe(200);
  });

  it('a path is routed once, but the job behind it is looked up on every request', async () => {
    const path = '/v1/import/imp-later/status';
    expect((await fetch(`${origin}${path}`)).status).toBe(404); // no such job yet
    mock.createJob({ vendor: 'dakera', scenario: 'stuck', id: 'imp-later' });
    expect((await fetch(`${origin}${path}`)).status).toBe(200);
    // Thousands of other paths later (the routing memory is bounded), the job still answers.
    for (let i = 0; i < 5000; i++) mock.fastStatus(`/v1/import/other-${i}/status`);
    expect((await fetch(`${origin}${path}`)).status).toBe(200);
  });

  it('a job found under a path is forgotten the moment the store changes: replaced, deleted, swept', async () => {
    const first = mock.createJob({ vendor: 'dakera', scenario: 'stuck', id: 'imp-memo' });
    const path = mock.statusPath(first) as string;
    const body = async () => {
      const res = await fetch(`${origin}${path}`);
      return { status: res.status, text: await res.text() };
    };
    const before = await body();
    expect(before.status).toBe(200);
    expect(mock.store.delete('dakera', 'imp-memo')).toBe(true);
    expect((await body()).status).toBe(404);
    // Same id, another scenario: the new job answers, not the one remembered for the path.
    mock.createJob({ vendor: 'dakera', scenario: 'failure', id: 'imp-memo' });
    server.clock.advance(24 * 3_600_000);
    const replaced = await body();
    expect(replaced.status).toBe(200);
    expect(JSON.parse(replaced.text).status).not.toBe(JSON.parse(before.text).status);
    // Swept once finished and past its time to live.
    server.clock.advance(365 * 24 * 3_600_000);
    expect(mock.sweep()).toBeGreaterThan(0);
    expect((await body()).status).toBe(404);
  });

  it('a PostHog run asked for under another project or batch export is not found, however often', async () => {
    const job = mock.createJob({ vendor: 'posthog', scenario: 'stuck' });
    const path = mock.statusPath(job) as string;
    const elsewhere = path.replace('/projects/1/', '/projects/2/');
    expect(elsewhere).not.toBe(path);
    for (const [p, status] of [
      [path, 200],
      [elsewhere, 404],
      [path, 200],
      [elsewhere, 404],
    ] as const) {
      expect((await fetch(`${origin}${p}`)).status, p).toBe(status);
    }
  });

  it('leaves non-GET and admin requests to Hono', async () => {
    const res = await fetch(`${origin}/__jobkit/jobs`, {
      method: 'POST',
      body: JSON.stringify({ vendor: 'posthog' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { statusUrl: string };
    expect((await fetch(`${origin}${new URL(created.statusUrl).pathname}`)).status).toBe(200);
  });
});

describe('createMockServer: which vendors the fast path leaves to Hono', () => {
  it('with credentials checked for some vendors, only their status GETs go through Hono (and get checked)', async () => {
    const registry = createRegistry();
    const [checked, open] = ['posthog', 'weaviate'];
    const server = await createMockServer({
      registry,
      clock: createManualClock(Date.UTC(2026, 1, 1)),
      requireAuth: [checked],
      rateLimits: { dakera: false },
    });
    try {
      const paths = [checked, open, 'dakera'].map((vendor) => {
        const job = server.state.createJob({ vendor });
        return [vendor, server.state.statusPath(job) as string] as const;
      });
      for (const [vendor, path] of paths) {
        if (vendor === checked) expect(fastAnswer(server, path), vendor).toBeUndefined();
        else expect(fastAnswer(server, path), vendor).toMatchObject({ status: 200 });
      }
      // Declined is not skipped: Hono answers the checked vendor with its own 401.
      expect((await fetch(`${server.url}${paths[0]?.[1]}`)).status).toBe(401);
      expect((await fetch(`${server.url}${paths[1]?.[1]}`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
