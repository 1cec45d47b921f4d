import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { getAt } from '../../src/util/pointer.js';
import { createRegistry } from '../../src/vendors/registry.js';
import {
  type TestMock as MockServer,
  type TestMockOptions as MockServerOptions,
  mockApp,
} from '../helpers/server.js';

/**
 * The admin API under /__jobkit/, in process through `app.request`: jobs, actions, the manual
 * clock, reset, faults, bad input and CORS. Vendor routes are used to check what the admin API did.
 */

const registry = createRegistry();
const START = Date.UTC(2026, 0, 1);
/** The vendors the tables below describe; the loops take the registry's, so a new one fails until described. */
type Vendor =
  | 'dakera'
  | 'fullstory'
  | 'fullstory-events-batch'
  | 'fullstory-users-batch'
  | 'pinpoint'
  | 'pinpoint-import'
  | 'posthog'
  | 'weaviate';
const VENDORS = registry.names() as Vendor[];

/** Where each vendor's status body keeps the state (a JSON pointer). */
const STATUS_FIELD: Record<Vendor, string> = {
  dakera: 'status',
  fullstory: 'state',
  'fullstory-events-batch': 'job/status',
  'fullstory-users-batch': 'job/status',
  pinpoint: 'JobStatus',
  'pinpoint-import': 'JobStatus',
  posthog: 'status',
  weaviate: 'status',
};

/** Each vendor's own error body (keys), as its errors section declares. */
const ERROR_KEYS: Record<Vendor, string[]> = {
  dakera: ['code', 'error'],
  fullstory: ['code', 'message'],
  'fullstory-events-batch': ['code', 'message'],
  'fullstory-users-batch': ['code', 'message'],
  pinpoint: ['Message', 'RequestID'],
  'pinpoint-import': ['Message', 'RequestID'],
  posthog: ['attr', 'code', 'detail', 'type'],
  weaviate: ['error'],
};

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
  ms: number;
}

interface Created {
  id: string;
  vendor: string;
  scenario: string;
  statusUrl: string;
  state: string;
}

interface AdminError {
  error: { code: string; message: string };
}

interface JobList {
  total: number;
  jobs: { id: string; vendor: string; state: string; terminal: string | null; statusUrl: string }[];
}

function makeServer(extra: Partial<MockServerOptions> = {}): MockServer {
  return mockApp({ registry, seed: 3, clock: createManualClock(START), ...extra });
}

async function call(
  server: MockServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const start = performance.now();
  const res = await server.app.request(path, init);
  const text = await res.text();
  const ms = performance.now() - start;
  let parsed: unknown;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  return { status: res.status, headers: res.headers, text, body: parsed, ms };
}

const get = (server: MockServer, path: string, headers?: Record<string, string>) =>
  call(server, 'GET', path, undefined, headers);
const post = (server: MockServer, path: string, body?: unknown, headers?: Record<string, string>) =>
  call(server, 'POST', path, body ?? '', headers);

/** Creates a job through the admin API; fails the test unless it answers 201. */
async function create(server: MockServer, request: Record<string, unknown>): Promise<Created> {
  const reply = await post(server, '/__jobkit/jobs', request);
  expect(reply.status, reply.text).toBe(201);
  return reply.body as Created;
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The job as the vendor's own status route shows it. */
async function vendorStatus(server: MockServer, job: Created): Promise<{ status: number; state: unknown }> {
  const reply = await get(server, pathOf(job.statusUrl));
  const body = reply.body as Record<string, unknown>;
  return { status: reply.status, state: getAt(body, `/${STATUS_FIELD[job.vendor as Vendor]}`) };
}

/** A normal request after a bad one: the server must still create and serve jobs. */
async function stillServes(server: MockServer): Promise<void> {
  const job = await create(server, { vendor: 'dakera', scenario: 'happy' });
  const status = await vendorStatus(server, job);
  expect(status).toEqual({ status: 200, state: 'running' });
}

describe('POST /__jobkit/jobs', () => {
  let server: MockServer;
  beforeEach(() => {
    server = makeServer();
  });

  it('creates a job: 201 with id, vendor, scenario, statusUrl and state; the statusUrl serves it', async () => {
    const reply = await post(server, '/__jobkit/jobs', { vendor: 'weaviate', scenario: 'happy' });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    const job = reply.body as Created;
    expect(Object.keys(job).sort()).toEqual(['id', 'scenario', 'state', 'statusUrl', 'vendor']);
    expect(job).toMatchObject({ vendor: 'weaviate', scenario: 'happy', state: 'TRANSFERRING' });
    expect(job.statusUrl).toBe(`http://localhost/v1/export/filesystem/${job.id}`);

    const status = await get(server, pathOf(job.statusUrl));
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ id: job.id, backend: 'filesystem', status: 'TRANSFERRING' });
  });

  it.each(VENDORS)(
    '%s: the statusUrl of a new job answers 200 with the state the admin API gave',
    async (vendor) => {
      const job = await create(server, { vendor, scenario: 'happy' });
      expect(job.vendor).toBe(vendor);
      expect(await vendorStatus(server, job)).toEqual({ status: 200, state: job.state });
    },
  );

  it('defaults to the happy scenario', async () => {
    const job = await create(server, { vendor: 'fullstory' });
    expect(job.scenario).toBe('happy');
  });

  it('honours "id" and "params": they shape the statusUrl and the body', async () => {
    const job = await create(server, {
      vendor: 'weaviate',
      scenario: 'stuck',
      id: 'my-export',
      params: { backend: 's3' },
    });
    expect(job).toMatchObject({ id: 'my-export', scenario: 'stuck' });
    expect(job.statusUrl).toBe('http://localhost/v1/export/s3/my-export');
    const status = await get(server, '/v1/export/s3/my-export');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      id: 'my-export',
      backend: 's3',
      path: expect.stringContaining('s3://'),
    });
    // The same id under another backend is another export: not found, in Weaviate's shape.
    const other = await get(server, '/v1/export/filesystem/my-export');
    expect(other.status).toBe(404);
    expect(Object.keys(other.body as object)).toEqual(ERROR_KEYS.weaviate);

    // PostHog's run ids are UUIDs (its status schema says so), and an admin id must fit it.
    const run = '0190a3c9-0000-4abc-8def-000000000001';
    const posthog = await create(server, { vendor: 'posthog', id: run, params: { project_id: '7' } });
    expect(pathOf(posthog.statusUrl)).toMatch(
      new RegExp(`^/api/projects/7/batch_exports/[^/]+/runs/${run}/$`),
    );
    expect((await vendorStatus(server, posthog)).status).toBe(200);
  });
});

describe('GET /__jobkit/jobs and /__jobkit/jobs/{id}', () => {
  let server: MockServer;
  let jobs: Created[];
  beforeEach(async () => {
    server = makeServer();
    jobs = [
      await create(server, { vendor: 'weaviate', id: 'w-1' }),
      await create(server, { vendor: 'dakera', id: 'd-1' }),
      await create(server, { vendor: 'weaviate', id: 'w-2' }),
    ];
  });

  it('lists every job, newest first, with state and statusUrl', async () => {
    const reply = await get(server, '/__jobkit/jobs');
    expect(reply.status).toBe(200);
    const list = reply.body as JobList;
    expect(list.total).toBe(3);
    expect(list.jobs.map((j) => j.id)).toEqual(['w-2', 'd-1', 'w-1']);
    for (const [i, job] of [...jobs].reverse().entries()) {
      expect(list.jobs[i]).toMatchObject({
        id: job.id,
        vendor: job.vendor,
        state: job.state,
        terminal: null,
        progress: 0,
        createdAt: new Date(START).toISOString(),
        statusUrl: job.statusUrl,
      });
    }
  });

  it.each([
    ['weaviate', ['w-2', 'w-1']],
    ['dakera', ['d-1']],
    ['posthog', []],
  ])('?vendor=%s lists only that vendor', async (vendor, ids) => {
    const list = (await get(server, `/__jobkit/jobs?vendor=${vendor}`)).body as JobList;
    expect(list.total).toBe(ids.length);
    expect(list.jobs.map((j) => j.id)).toEqual(ids);
    expect(list.jobs.every((j) => j.vendor === vendor)).toBe(true);
  });

  it('?limit=2 returns the two newest, and total still counts all', async () => {
    const list = (await get(server, '/__jobkit/jobs?limit=2')).body as JobList;
    expect(list.total).toBe(3);
    expect(list.jobs.map((j) => j.id)).toEqual(['w-2', 'd-1']);
  });

  it('GET /__jobkit/jobs/{id} adds params and the body the vendor route serves', async () => {
    const reply = await get(server, '/__jobkit/jobs/w-1');
    expect(reply.status).toBe(200);
    const detail = reply.body as Record<string, unknown>;
    expect(detail).toMatchObject({ id: 'w-1', vendor: 'weaviate', params: { backend: 'filesystem' } });
    const served = await get(server, '/v1/export/filesystem/w-1');
    expect(detail.body).toEqual(served.body);
  });

  it('an unknown id is 404 job_not_found', async () => {
    const reply = await get(server, '/__jobkit/jobs/nope');
    expect(reply.status).toBe(404);
    expect((reply.body as AdminError).error.code).toBe('job_not_found');
  });

  it('an id two vendors share is 409 ambiguous_id, and ?vendor= picks one', async () => {
    await create(server, { vendor: 'fullstory', id: 'w-1' });
    const ambiguous = await get(server, '/__jobkit/jobs/w-1');
    expect(ambiguous.status).toBe(409);
    expect((ambiguous.body as AdminError).error).toMatchObject({
      code: 'ambiguous_id',
      message: expect.stringMatching(/fullstory.*weaviate|weaviate.*fullstory/),
    });
    const picked = await get(server, '/__jobkit/jobs/w-1?vendor=fullstory');
    expect(picked.status).toBe(200);
    expect(picked.body).toMatchObject({ id: 'w-1', vendor: 'fullstory' });
  });
});

describe('POST /__jobkit/jobs/{id}/complete|fail|cancel', () => {
  const END_STATE: Record<Vendor, Record<'complete' | 'fail' | 'cancel', string | null>> = {
    dakera: { complete: 'completed', fail: 'failed', cancel: null },
    fullstory: { complete: 'COMPLETED', fail: 'FAILED', cancel: null },
    'fullstory-events-batch': { complete: 'COMPLETED', fail: 'FAILED', cancel: null },
    'fullstory-users-batch': { complete: 'COMPLETED', fail: 'FAILED', cancel: null },
    pinpoint: { complete: 'COMPLETED', fail: 'FAILED', cancel: null },
    'pinpoint-import': { complete: 'COMPLETED', fail: 'FAILED', cancel: null },
    posthog: { complete: 'Completed', fail: 'Failed', cancel: 'Cancelled' },
    weaviate: { complete: 'SUCCESS', fail: 'FAILED', cancel: 'CANCELED' },
  };
  const TERMINAL = { complete: 'success', fail: 'failure', cancel: 'cancelled' } as const;
  const ACTIONS = ['complete', 'fail', 'cancel'] as const;

  const supported = VENDORS.flatMap((vendor) =>
    ACTIONS.filter((action) => END_STATE[vendor][action] !== null).map((action) => ({
      vendor,
      action,
      state: END_STATE[vendor][action] as string,
    })),
  );

  let server: MockServer;
  beforeEach(() => {
    server = makeServer();
  });

  it.each(supported)(
    '$vendor $action → $state, then every further action is 409',
    async ({ vendor, action, state }) => {
      const job = await create(server, { vendor, scenario: 'stuck' });
      expect((await vendorStatus(server, job)).state).toBe(job.state);

      const reply = await post(server, `/__jobkit/jobs/${job.id}/${action}`);
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body).toMatchObject({ id: job.id, state, terminal: TERMINAL[action] });
      expect(await vendorStatus(server, job)).toEqual({ status: 200, state });

      for (const again of ACTIONS) {
        const second = await post(server, `/__jobkit/jobs/${job.id}/${again}`);
        expect(second.status, `${again} after ${action}`).toBe(409);
        expect((second.body as AdminError).error.message).not.toBe('');
      }
      // The refused actions changed nothing.
      expect(await vendorStatus(server, job)).toEqual({ status: 200, state });
    },
  );

  it.each(['fullstory', 'pinpoint', 'pinpoint-import', 'dakera'] as const)(
    '%s has no cancel in its real API: cancel is 409 and the job keeps running',
    async (vendor) => {
      const job = await create(server, { vendor, scenario: 'stuck' });
      const reply = await post(server, `/__jobkit/jobs/${job.id}/cancel`);
      expect(reply.status).toBe(409);
      expect((reply.body as AdminError).error).toMatchObject({
        code: 'not_supported',
        message: expect.stringContaining('cannot be cancelled'),
      });
      expect(await vendorStatus(server, job)).toEqual({ status: 200, state: job.state });
      // It can still be completed afterwards.
      expect((await post(server, `/__jobkit/jobs/${job.id}/complete`)).status).toBe(200);
    },
  );

  it('an unknown action is 404 unknown_action; an unknown job is 404 job_not_found', async () => {
    const job = await create(server, { vendor: 'weaviate' });
    const unknownAction = await post(server, `/__jobkit/jobs/${job.id}/pause`);
    expect(unknownAction.status).toBe(404);
    expect((unknownAction.body as AdminError).error.code).toBe('unknown_action');
    const unknownJob = await post(server, '/__jobkit/jobs/nope/complete');
    expect(unknownJob.status).toBe(404);
    expect((unknownJob.body as AdminError).error.code).toBe('job_not_found');
  });
});

describe('POST /__jobkit/clock', () => {
  let server: MockServer;
  beforeEach(() => {
    server = makeServer();
  });

  it('advances the manual clock: happy jobs of every vendor become terminal', async () => {
    const jobs = await Promise.all(VENDORS.map((vendor) => create(server, { vendor, scenario: 'happy' })));
    for (const job of jobs)
      expect((await get(server, `/__jobkit/jobs/${job.id}`)).body).toMatchObject({ terminal: null });

    const reply = await post(server, '/__jobkit/clock', { advanceMs: 60_000 });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ now: new Date(START + 60_000).toISOString(), kind: 'manual', speed: 0 });
    expect(server.clock.now()).toBe(START + 60_000);
    expect((await get(server, '/__jobkit/clock')).body).toMatchObject({
      now: new Date(START + 60_000).toISOString(),
    });

    const done: Record<Vendor, string> = {
      dakera: 'completed',
      fullstory: 'COMPLETED',
      'fullstory-events-batch': 'COMPLETED',
      'fullstory-users-batch': 'COMPLETED',
      pinpoint: 'COMPLETED',
      'pinpoint-import': 'COMPLETED',
      posthog: 'Completed',
      weaviate: 'SUCCESS',
    };
    for (const job of jobs) {
      expect(await vendorStatus(server, job)).toEqual({ status: 200, state: done[job.vendor as Vendor] });
      expect((await get(server, `/__jobkit/jobs/${job.id}`)).body).toMatchObject({
        terminal: 'success',
        progress: 100,
      });
    }
  });

  it.each([
    ['negative', { advanceMs: -1 }],
    ['a string', { advanceMs: '60000' }],
    ['null', { advanceMs: null }],
    ['a boolean', { advanceMs: true }],
    ['missing', {}],
    ['an empty body', ''],
  ])('advanceMs %s → 400 and the clock does not move', async (_what, body) => {
    const reply = await post(server, '/__jobkit/clock', body);
    expect(reply.status).toBe(400);
    expect((reply.body as AdminError).error).toMatchObject({
      code: 'invalid_body',
      message: expect.stringContaining('advanceMs'),
    });
    expect(server.clock.now()).toBe(START);
  });
});

describe('POST /__jobkit/reset', () => {
  it('forgets every job and fault; the old status URLs are 404', async () => {
    const server = makeServer();
    const job = await create(server, { vendor: 'dakera' });
    await create(server, { vendor: 'weaviate' });
    expect((await post(server, '/__jobkit/faults', { vendor: 'weaviate', latencyMs: 5 })).status).toBe(201);

    const reply = await post(server, '/__jobkit/reset');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ jobs: 0 });
    expect(server.store.size).toBe(0);
    expect((await get(server, '/__jobkit/jobs')).body).toEqual({ total: 0, jobs: [] });
    expect((await get(server, '/__jobkit/faults')).body).toEqual({ faults: [] });
    const gone = await get(server, pathOf(job.statusUrl));
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: 'Job not found' });
  });

  it('{"demo": true} starts again with one job per vendor and scenario', async () => {
    const server = makeServer();
    const scenarios = VENDORS.reduce(
      (n, v) => n + Object.keys(registry.get(v).lifecycle.mock?.scenarios ?? {}).length,
      0,
    );
    const reply = await post(server, '/__jobkit/reset', { demo: true });
    expect(reply.body).toEqual({ jobs: scenarios });
    expect(((await get(server, '/__jobkit/jobs')).body as JobList).total).toBe(scenarios);
  });
});

describe('faults', () => {
  let server: MockServer;
  let jobs: Record<Vendor, Created>;
  beforeEach(async () => {
    server = makeServer();
    jobs = {} as Record<Vendor, Created>;
    for (const vendor of VENDORS) jobs[vendor] = await create(server, { vendor, scenario: 'stuck' });
  });

  it('a dakera 429 fault: Retry-After and Dakera error shape; other vendors unaffected; DELETE clears it', async () => {
    const added = await post(server, '/__jobkit/faults', {
      vendor: 'dakera',
      errorRate: 1,
      status: 429,
      retryAfterS: 7,
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: 'fault-1',
      vendor: 'dakera',
      errorRate: 1,
      status: 429,
      retryAfterS: 7,
    });
    expect((await get(server, '/__jobkit/faults')).body).toEqual({ faults: [added.body] });

    const failed = await get(server, pathOf(jobs.dakera.statusUrl));
    expect(failed.status).toBe(429);
    expect(failed.headers.get('retry-after')).toBe('7');
    expect(failed.body).toEqual({ error: expect.any(String), code: 'RATE_LIMITED' });

    for (const vendor of VENDORS.filter((v) => v !== 'dakera')) {
      expect(await vendorStatus(server, jobs[vendor]), vendor).toEqual({
        status: 200,
        state: jobs[vendor].state,
      });
    }
    // The admin API is never faulted.
    expect((await get(server, `/__jobkit/jobs/${jobs.dakera.id}`)).status).toBe(200);

    const cleared = await call(server, 'DELETE', '/__jobkit/faults');
    expect(cleared.status).toBe(204);
    expect((await get(server, '/__jobkit/faults')).body).toEqual({ faults: [] });
    expect(await vendorStatus(server, jobs.dakera)).toEqual({ status: 200, state: 'running' });
  });

  it.each(VENDORS)('{"errorRate":1,"status":503}: %s answers 503 in its own error shape', async (vendor) => {
    expect((await post(server, '/__jobkit/faults', { errorRate: 1, status: 503 })).status).toBe(201);
    const reply = await get(server, pathOf(jobs[vendor].statusUrl));
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBe('1');
    expect(Object.keys(reply.body as object).sort()).toEqual(ERROR_KEYS[vendor]);
  });

  it('a route fault hits only that route', async () => {
    const added = await post(server, '/__jobkit/faults', {
      route: 'GET /v1/import/{job_id}/status',
      errorRate: 1,
    });
    expect(added.status).toBe(201);
    expect((await get(server, pathOf(jobs.dakera.statusUrl))).status).toBe(503);
    expect((await get(server, pathOf(jobs.weaviate.statusUrl))).status).toBe(200);
  });

  it('a 30 ms latency fault delays the answer, which still succeeds', async () => {
    expect((await post(server, '/__jobkit/faults', { vendor: 'fullstory', latencyMs: 30 })).status).toBe(201);
    const reply = await get(server, pathOf(jobs.fullstory.statusUrl));
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeGreaterThanOrEqual(25);
  });

  it('DELETE /__jobkit/faults/{id} removes one fault; an unknown id is 404', async () => {
    const first = (await post(server, '/__jobkit/faults', { vendor: 'dakera', errorRate: 1 })).body as {
      id: string;
    };
    await post(server, '/__jobkit/faults', { vendor: 'weaviate', errorRate: 1 });
    expect((await call(server, 'DELETE', `/__jobkit/faults/${first.id}`)).status).toBe(204);
    expect((await get(server, pathOf(jobs.dakera.statusUrl))).status).toBe(200);
    expect((await get(server, pathOf(jobs.weaviate.statusUrl))).status).toBe(503);
    const missing = await call(server, 'DELETE', '/__jobkit/faults/fault-99');
    expect(missing.status).toBe(404);
    expect((missing.body as AdminError).error.code).toBe('fault_not_found');
  });

  it.each([
    ['errorRate above 1', { errorRate: 2 }, /errorRate/],
    ['a negative errorRate', { errorRate: -0.1 }, /errorRate/],
    ['an unknown vendor', { vendor: 'acme', errorRate: 1 }, /"vendor" must be one of dakera, fullstory/],
    ['an unknown field', { errorRate: 1, rate: 1 }, /Unknown fault field\(s\) rate/],
    ['no latency nor errorRate', { vendor: 'dakera' }, /latencyMs" or "errorRate/],
    ['a status that is not 429 or 5xx', { errorRate: 1, status: 418 }, /"status" must be/],
    ['a negative latency', { latencyMs: -5 }, /latencyMs/],
    ['a latency triple', { latencyMs: [1, 2, 3] }, /latencyMs/],
    ['an undeclared route', { route: '/nope', errorRate: 1 }, /"route" must be a declared route/],
    ['a negative retryAfterS', { errorRate: 1, retryAfterS: -1 }, /retryAfterS/],
  ])('%s → 400 invalid_fault, nothing added', async (_what, fault, message) => {
    const reply = await post(server, '/__jobkit/faults', fault);
    expect(reply.status).toBe(400);
    expect((reply.body as AdminError).error).toMatchObject({
      code: 'invalid_fault',
      message: expect.stringMatching(message),
    });
    expect((await get(server, '/__jobkit/faults')).body).toEqual({ faults: [] });
    expect((await vendorStatus(server, jobs.dakera)).status).toBe(200);
  });
});

describe('bad input', () => {
  const LIMIT = 1024;
  const big = JSON.stringify({ vendor: 'weaviate', padding: 'x'.repeat(2048) });
  let server: MockServer;
  beforeEach(async () => {
    server = makeServer({ maxBodyBytes: LIMIT });
    await create(server, { vendor: 'weaviate', id: 'taken' });
  });

  interface BadCase {
    what: string;
    body: string;
    headers?: Record<string, string>;
    status: number;
    code: string;
    message: RegExp;
  }
  const adminCases: BadCase[] = [
    {
      what: 'malformed JSON',
      body: '{"vendor": "weaviate",',
      status: 400,
      code: 'invalid_json',
      message: /line 1 column \d+/,
    },
    {
      what: 'malformed JSON on line 3',
      body: '{\n  "vendor": "weaviate"\n  "scenario": "happy"\n}',
      status: 400,
      code: 'invalid_json',
      message: /line 3 column 3/,
    },
    {
      what: 'an array body',
      body: '[{"vendor":"weaviate"}]',
      status: 400,
      code: 'invalid_body',
      message: /JSON object/,
    },
    { what: 'a string body', body: '"weaviate"', status: 400, code: 'invalid_body', message: /JSON object/ },
    { what: 'a null body', body: 'null', status: 400, code: 'invalid_body', message: /JSON object/ },
    {
      what: 'no vendor',
      body: '{"scenario":"happy"}',
      status: 400,
      code: 'invalid_body',
      message: new RegExp(`"vendor" is required: one of ${registry.names().join(', ')}`),
    },
    {
      what: 'an unknown vendor',
      body: '{"vendor":"acme"}',
      status: 400,
      code: 'unknown_vendor',
      message: new RegExp(`Unknown vendor "acme"\\. Served vendors: ${registry.names().join(', ')}\\.`),
    },
    {
      what: 'an unknown scenario',
      body: '{"vendor":"dakera","scenario":"sideways"}',
      status: 400,
      code: 'unknown_scenario',
      message: /"sideways" for dakera\. Scenarios: happy, failure, slow, stuck\./,
    },
    {
      what: 'a non-string scenario',
      body: '{"vendor":"dakera","scenario":1}',
      status: 400,
      code: 'unknown_scenario',
      message: /Scenarios: happy/,
    },
    {
      what: 'an empty id',
      body: '{"vendor":"dakera","id":""}',
      status: 400,
      code: 'invalid_body',
      message: /"id"/,
    },
    {
      what: 'params that are not strings',
      body: '{"vendor":"dakera","params":{"format":1}}',
      status: 400,
      code: 'invalid_body',
      message: /"params" must be an object of strings/,
    },
    {
      what: 'a duplicate id',
      body: '{"vendor":"weaviate","id":"taken"}',
      status: 409,
      code: 'job_exists',
      message: /"taken" already exists/,
    },
    {
      what: 'a body over the limit',
      body: big,
      headers: { 'content-length': String(Buffer.byteLength(big)) },
      status: 413,
      code: 'payload_too_large',
      message: new RegExp(`limit is ${LIMIT}`),
    },
  ];

  it.each(adminCases)('admin: $what → $status $code, and the server still serves', async (c) => {
    const size = server.store.size;
    const reply = await post(server, '/__jobkit/jobs', c.body, c.headers);
    expect(reply.status, reply.text).toBe(c.status);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect((reply.body as AdminError).error).toEqual({
      code: c.code,
      message: expect.stringMatching(c.message),
    });
    expect(server.store.size).toBe(size);
    await stillServes(server);
  });

  it.each([
    ['malformed JSON', '{"advanceMs": 1', 400, 'invalid_json'],
    ['a non-object body', '[60000]', 400, 'invalid_body'],
  ])('admin clock: %s → %i %s', async (_what, body, status, code) => {
    const reply = await post(server, '/__jobkit/clock', body);
    expect(reply.status).toBe(status);
    expect((reply.body as AdminError).error.code).toBe(code);
    expect(server.clock.now()).toBe(START);
    await stillServes(server);
  });

  /** Vendor create routes answer in the vendor's own error shape. */
  interface VendorCase {
    what: string;
    path: string;
    body: string;
    headers: Record<string, string>;
    status: number;
    expected: unknown;
    errorType: string | null;
  }
  const vendorCases: VendorCase[] = [
    {
      what: 'pinpoint: a body over the limit (declared)',
      path: '/v1/apps/a/jobs/export',
      body: big,
      headers: { 'content-length': String(Buffer.byteLength(big)) },
      status: 413,
      expected: { Message: expect.stringMatching(/limit is 1024/), RequestID: expect.any(String) },
      errorType: 'PayloadTooLargeException',
    },
    {
      what: 'pinpoint: a body over the limit (no Content-Length)',
      path: '/v1/apps/a/jobs/export',
      body: big,
      headers: {},
      status: 413,
      expected: { Message: expect.stringMatching(/the limit is 1024 bytes/), RequestID: expect.any(String) },
      errorType: 'PayloadTooLargeException',
    },
    {
      what: 'pinpoint: malformed JSON',
      path: '/v1/apps/a/jobs/export',
      body: '{\n  "RoleArn": "x"\n  "S3UrlPrefix": "y"\n}',
      headers: {},
      status: 400,
      expected: { Message: expect.stringMatching(/line 3 column 3/), RequestID: expect.any(String) },
      errorType: 'BadRequestException',
    },
    {
      what: 'fullstory: a body over the limit',
      path: '/segments/v1/exports',
      body: big,
      headers: { 'content-length': String(Buffer.byteLength(big)) },
      status: 413,
      expected: { code: 'payload_too_large', message: expect.stringMatching(/1024/) },
      errorType: null,
    },
    {
      what: 'weaviate: a body over the limit',
      path: '/v1/export/filesystem',
      body: big,
      headers: { 'content-length': String(Buffer.byteLength(big)) },
      status: 413,
      expected: { error: [{ message: expect.stringMatching(/1024/) }] },
      errorType: null,
    },
  ];

  it.each(vendorCases)('vendor route, $what → $status in its own shape', async (c) => {
    const size = server.store.size;
    const reply = await post(server, c.path, c.body, c.headers);
    expect(reply.status, reply.text).toBe(c.status);
    expect(reply.body).toEqual(c.expected);
    expect(reply.headers.get('x-amzn-errortype')).toBe(c.errorType);
    expect(server.store.size).toBe(size);

    // A normal create on the same vendor route still works.
    const ok = await post(server, '/v1/apps/a/jobs/export', {
      RoleArn: 'arn:aws:iam::1:role/x',
      S3UrlPrefix: 's3://b/p',
    });
    expect(ok.status, ok.text).toBe(202);
    const created = ok.body as { Id: string; JobStatus: string };
    expect(created.JobStatus).toBe('CREATED');
    expect((await get(server, `/v1/apps/a/jobs/export/${created.Id}`)).status).toBe(200);
    await stillServes(server);
  });

  it('an unknown path is 404 route_not_found listing the routes', async () => {
    const reply = await get(server, '/v2/nothing');
    expect(reply.status).toBe(404);
    const error = (reply.body as { error: { code: string; routes: string[] } }).error;
    expect(error.code).toBe('route_not_found');
    expect(error.routes).toContain('GET /v1/import/{job_id}/status  (dakera)');
    await stillServes(server);
  });
});

describe('CORS', () => {
  const ORIGIN = 'http://localhost:5173';
  let server: MockServer;
  let job: Created;
  beforeEach(async () => {
    server = makeServer();
    job = await create(server, { vendor: 'dakera' });
  });

  it.each(['/__jobkit/jobs', '/v1/apps/a/jobs/export', '/v1/import/x/status'])(
    'a preflight to %s is allowed from any origin',
    async (path) => {
      const reply = await call(server, 'OPTIONS', path, undefined, {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      });
      expect(reply.status).toBe(204);
      expect(reply.headers.get('access-control-allow-origin')).toBe('*');
      expect(reply.headers.get('access-control-allow-methods')).toContain('POST');
      expect(reply.headers.get('access-control-allow-headers')).toContain('content-type');
    },
  );

  it('a cross-origin GET gets the header on status, admin and error answers', async () => {
    await post(server, '/__jobkit/faults', { vendor: 'weaviate', errorRate: 1, status: 429 });
    const paths = [pathOf(job.statusUrl), '/__jobkit/jobs', '/v2/nothing', '/v1/export/filesystem/x'];
    for (const path of paths) {
      const reply = await get(server, path, { origin: ORIGIN });
      expect(reply.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    const faulted = await get(server, '/v1/export/filesystem/x', { origin: ORIGIN });
    expect(faulted.status).toBe(429);
    // A browser can only read Retry-After if it is exposed.
    expect(faulted.headers.get('access-control-expose-headers')).toMatch(/Retry-After/i);
  });
});

describe('regressions (bugs found while writing these tests)', () => {
  /** A body without Content-Length, as a chunked upload sends it. */
  function streamed(bytes: number): ReadableStream<Uint8Array> {
    const chunk = new TextEncoder().encode(`{"vendor":"dakera","pad":"${'x'.repeat(bytes)}"}`);
    return new ReadableStream({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });
  }

  it.each(['/__jobkit/jobs', '/v1/apps/a/jobs/export'])(
    '%s: a streamed body over the limit is 413 and creates nothing',
    async (path) => {
      const server = makeServer({ maxBodyBytes: 1024 });
      const before = server.store.size;
      const res = await server.app.request(path, {
        method: 'POST',
        body: streamed(2048),
        headers: { 'content-type': 'application/json' },
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(server.store.size).toBe(before);
      await stillServes(server);
    },
  );

  it.each([1e16, 11 * 365 * 24 * 3600_000])(
    'advanceMs %d is refused with 400 and the clock stays usable',
    async (advanceMs) => {
      const server = makeServer();
      const before = server.clock.now();
      const res = await post(server, '/__jobkit/clock', { advanceMs });
      expect(res.status).toBe(400);
      expect((res.body as AdminError).error.message).toMatch(/at most \d+ ms \(10 years\)/);
      expect(server.clock.now()).toBe(before);
      expect((await get(server, '/__jobkit/clock')).status).toBe(200);
      await stillServes(server);
    },
  );

  it('the job just created is never the one evicted, even when it is the only finished one', async () => {
    const server = makeServer({ maxJobs: 3 });
    for (let i = 0; i < 3; i++) await create(server, { vendor: 'posthog', scenario: 'stuck' });
    const billing = await create(server, { vendor: 'posthog', scenario: 'billing' });
    expect(await vendorStatus(server, billing)).toEqual({ status: 200, state: 'FailedBilling' });
    expect(server.store.size).toBe(3);
  });

  it.each(['-1', '0', '1.5', 'many', '10001'])('?limit=%s is 400 invalid_query', async (limit) => {
    const server = makeServer();
    const res = await get(server, `/__jobkit/jobs?limit=${limit}`);
    expect(res.status).toBe(400);
    expect((res.body as AdminError).error.code).toBe('invalid_query');
  });
});
