import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/lifecycle/engine.js';
import { createManualClock } from '../../src/mock/clock.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid, type Reply, readReply } from '../helpers/http.js';
import { type TestMock as MockServer, mockApp } from '../helpers/server.js';

/**
 * PostHog's terminal bodies and error paths as its own code writes them (issue 14; the vendor
 * notes' Corrections): what each ending leaves null, the cancel endpoint's window before the
 * finish write, backfill refusals, and DRF's own words. In process, on a manual clock.
 */

const T0 = Date.UTC(2026, 0, 1);
const DONE = 10 * 60_000;

function makeServer(): MockServer {
  return mockApp({ registry: createRegistry(), seed: 7, clock: createManualClock(T0) });
}

type Body = Record<string, unknown>;

async function call(server: MockServer, method: string, path: string, body?: unknown): Promise<Reply<Body>> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  return readReply<Body>(await server.app.request(path, init));
}

const base = (job: Job) =>
  `/api/projects/${job.params.project_id}/batch_exports/${job.params.batch_export_id}`;
const runPath = (job: Job) => `${base(job)}/runs/${job.id}/`;

async function runAfter(server: MockServer, scenario: string, ms: number): Promise<Body> {
  const job = server.createJob({ vendor: 'posthog', scenario });
  server.clock.advance(ms);
  const reply = await call(server, 'GET', runPath(job));
  expect(reply.status).toBe(200);
  expectValid('posthog', reply.body, 'BatchExportRun');
  return reply.body;
}

describe('PostHog terminal bodies', () => {
  it('FailedBilling is created failed and never finished: its interval is set, the rest null', async () => {
    const run = await runAfter(makeServer(), 'billing', 0);
    expect(run).toMatchObject({
      status: 'FailedBilling',
      finished_at: null,
      records_completed: null,
      records_failed: null,
      records_total_count: null,
      bytes_exported: null,
      latest_error: null,
    });
    expect(run.data_interval_start).toEqual(expect.stringMatching(/^2025-12-31T23:00:00Z$/));
    expect(run.data_interval_end).toBe('2026-01-01T00:00:00Z');
  });

  it('FailedRetryable has latest_error and finished_at, its counters stay null', async () => {
    const run = await runAfter(makeServer(), 'retryable', DONE);
    expect(run).toMatchObject({
      status: 'FailedRetryable',
      records_completed: null,
      records_failed: null,
      bytes_exported: null,
    });
    expect(run.latest_error).toMatch(/ConnectionError/);
  });

  it("a completed run's records_failed stays null unless the destination reports failures", async () => {
    const server = makeServer();
    const plain = await runAfter(server, 'happy', DONE);
    expect(plain).toMatchObject({ status: 'Completed', records_failed: null });
    expect(plain.records_completed).toBe(plain.records_total_count);
    expect(typeof plain.bytes_exported).toBe('number');
    const reporting = await runAfter(server, 'destination-failures', DONE);
    expect(reporting.status).toBe('Completed');
    expect(reporting.records_failed).toEqual(expect.any(Number));
    expect(reporting.records_failed as number).toBeGreaterThan(0);
  });

  it('the cancel scenario reads Cancelled with finished_at null, then gets the finish write', async () => {
    const server = makeServer();
    const job = server.createJob({ vendor: 'posthog', scenario: 'cancel' });
    const seen: Body[] = [];
    for (let t = 0; t < 30_000; t += 250) {
      seen.push((await call(server, 'GET', runPath(job))).body);
      server.clock.advance(250);
    }
    const cancelled = seen.filter((b) => b.status === 'Cancelled');
    const window = cancelled.filter((b) => b.finished_at === null);
    const finished = cancelled.filter((b) => b.finished_at !== null);
    expect(window.length).toBeGreaterThan(0);
    expect(finished.length).toBeGreaterThan(0);
    // The window comes first and the write is final.
    expect(cancelled.indexOf(finished[0] as Body)).toBe(window.length);
    for (const b of window) expect(b.latest_error).toBeNull();
    for (const b of finished) {
      expect(b).toMatchObject({ latest_error: 'Cancelled', records_completed: null, bytes_exported: null });
      expect(b.finished_at).toBe(finished[0]?.finished_at);
    }
  });
});

describe('PostHog backfills', () => {
  const backfills = '/api/projects/1/batch_exports/0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60/backfills/';

  it('answers 201 {"backfill_id"} and makes one run per hour in that backfill', async () => {
    const server = makeServer();
    const reply = await call(server, 'POST', backfills, {
      start_at: '2025-12-31T22:00:00Z',
      end_at: '2026-01-01T00:00:00Z',
    });
    expect(reply.status).toBe(201);
    expect(Object.keys(reply.body)).toEqual(['backfill_id']);
    expectValid('posthog', reply.body, 'BatchExportBackfillCreated');
    // The second run is made when the first finishes: held until then.
    const jobs = [...server.store.newest('posthog'), ...server.store.heldJobs()];
    expect(jobs.map((j) => j.params.backfill_id)).toEqual([reply.body.backfill_id, reply.body.backfill_id]);
  });

  it.each([
    [
      { end_at: '2025-12-31T22:00:00Z' },
      'Backfilling from the beginning of time is not enabled for this team.',
    ],
    [
      { start_at: null, end_at: null },
      'Backfilling from the beginning of time is not enabled for this team.',
    ],
    [
      { start_at: '2025-12-31T22:00:00Z', end_at: '2025-12-31T22:00:00Z' },
      "The initial backfill datetime 'start_at' must be before 'end_at'",
    ],
    [
      { start_at: '2025-12-31T23:00:00Z', end_at: '2026-01-01T05:00:00Z' },
      "The provided 'end_at' (2026-01-01T05:00:00+00:00) is in the future",
    ],
  ])('refuses %j with 400 in its own words', async (request, detail) => {
    const server = makeServer();
    const reply = await call(server, 'POST', backfills, request);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ type: 'validation_error', code: 'invalid_input', detail, attr: null });
    expect(server.store.size).toBe(0);
  });
});

describe('PostHog list and refusals in DRF words', () => {
  const runs = '/api/projects/1/batch_exports/0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60/runs/';

  it('an unreadable cursor is 404 "Invalid cursor"', async () => {
    const reply = await call(makeServer(), 'GET', `${runs}?cursor=bogus`);
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ detail: 'Invalid cursor', attr: null });
  });

  it('a status filter that is no status is 400; a real one filters', async () => {
    const server = makeServer();
    server.createJob({ vendor: 'posthog', scenario: 'billing' });
    const bad = await call(server, 'GET', `${runs}?status=Done`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      type: 'validation_error',
      detail: '"Done" is not a valid choice.',
    });
    const good = await call(server, 'GET', `${runs}?status=FailedBilling&status=Completed`);
    expect(good.status).toBe(200);
    expect((good.body.results as Body[]).map((r) => r.status)).toEqual(['FailedBilling']);
  });

  it("refuses to cancel a finished run with DRF's message naming its status", async () => {
    const server = makeServer();
    const job = server.createJob({ vendor: 'posthog', scenario: 'happy' });
    server.clock.advance(DONE);
    const reply = await call(server, 'POST', `${runPath(job)}cancel/`);
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toBe("Cannot cancel a run that is in 'Completed' status");
  });

  it('a throttled request says when to come back, in the Retry-After seconds', async () => {
    const server = makeServer();
    const job = server.createJob({ vendor: 'posthog', scenario: 'happy' });
    const fault = await server.app.request('/__jobkit/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'posthog', status: 429, retryAfter: 7 }),
    });
    expect(fault.status).toBeLessThan(300);
    const reply = await call(server, 'GET', runPath(job));
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('7');
    expect(reply.body).toMatchObject({
      type: 'throttled_error',
      code: 'throttled',
      detail: 'Request was throttled. Expected available in 7 seconds.',
    });
  });
});
