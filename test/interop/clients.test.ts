import {
  BadRequestException,
  CreateExportJobCommand,
  type ExportJobRequest,
  type ExportJobResponse,
  GetExportJobCommand,
  GetExportJobsCommand,
  NotFoundException,
  PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid, type Reply, readReply } from '../helpers/http.js';

/**
 * Real client code against the mock over real HTTP (a socket on 127.0.0.1, not app.request):
 * the AWS SDK v3 Pinpoint client as shipped, and for the vendors without a usable JS client the
 * exact requests their clients send (shared/vendor/README.md, section 4 of each vendor), made with
 * fetch. Every 2xx body a client receives is validated against the vendor's schema.
 *
 * One server for the file, on a manual clock: tests move it forward and never back, so each test
 * creates its own jobs and polls them to the end.
 */

const T0 = Date.UTC(2026, 0, 1);
/** Enough polls, at each vendor's step, to get past the end of its "happy" scenario several times over. */
const MAX_POLLS = 200;

/** For reading vendor data in tests; the server gets its own registry. */
const registry = createRegistry();

let server: MockServer;
let origin: string;
let close: (() => Promise<void>) | undefined;
/** One line per request the mock answered ("METHOD /path status time"). */
const requestLog: string[] = [];

beforeAll(async () => {
  server = await createMockServer({
    registry: createRegistry(),
    seed: 5,
    clock: createManualClock(T0),
    log: (line) => requestLog.push(line),
  });
  origin = server.url;
  close = () => server.close();
});

afterAll(async () => {
  await close?.();
});

/** A plain fetch to the mock, as a hand-written client would make it. */
async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  auth: string,
  body?: unknown,
): Promise<Reply<T>> {
  const headers: Record<string, string> = { authorization: auth, accept: 'application/json' };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return readReply<T>(await fetch(`${origin}${path}`, init));
}

/**
 * Reads once, then advances the clock by `stepMs` and reads again until `done`; returns every reading.
 * Fails after MAX_POLLS readings.
 */
async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, stepMs: number): Promise<T[]> {
  const seen: T[] = [];
  for (let i = 0; i < MAX_POLLS; i++) {
    if (i > 0) server.clock.advance(stepMs);
    const value = await read();
    seen.push(value);
    if (done(value)) return seen;
  }
  throw new Error(`not done after ${MAX_POLLS} polls of ${stepMs} ms; last: ${JSON.stringify(seen.at(-1))}`);
}

/** Semantic-version comparison of the numeric core ("1.37.1", "1.37.0-rc.1"): a ≥ b. */
function versionAtLeast(version: string, minimum: string): boolean {
  const parse = (v: string) => {
    const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(v);
    if (!m) throw new Error(`not a version: ${v}`);
    return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  };
  const a = parse(version);
  const b = parse(minimum);
  for (let i = 0; i < 3; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return x > y;
  }
  return true;
}

describe('versionAtLeast (the Weaviate client version gate)', () => {
  it('compares numerically, not as strings', () => {
    expect(versionAtLeast('1.37.1', '1.37')).toBe(true);
    expect(versionAtLeast('1.37.0', '1.37')).toBe(true);
    expect(versionAtLeast('1.100.0', '1.37')).toBe(true);
    expect(versionAtLeast('2.0.0', '1.37')).toBe(true);
    expect(versionAtLeast('1.36.9', '1.37')).toBe(false);
    expect(versionAtLeast('1.4.0', '1.37')).toBe(false);
    expect(versionAtLeast('0.99.0', '1.37')).toBe(false);
  });
});

/* ---------------------------------------------------------------- Pinpoint, AWS SDK v3 */

describe('Pinpoint through @aws-sdk/client-pinpoint', () => {
  const APP = 'app1';
  const REQUEST: ExportJobRequest = {
    RoleArn: 'arn:aws:iam::123456789012:role/r',
    S3UrlPrefix: 's3://bucket/prefix/',
  };
  let client: PinpointClient;
  let firstJobId: string | undefined;

  beforeAll(() => {
    client = new PinpointClient({
      region: 'us-east-1',
      endpoint: origin,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
  });

  afterAll(() => {
    client?.destroy();
  });

  /** The order the states are listed in mocks/pinpoint/lifecycle.json (botocore's enum order). */
  const stateOrder = () => registry.get('pinpoint').states.map((s) => s.name);

  it('CreateExportJob: 202, an id, status CREATED, the request echoed as Definition', async () => {
    const out = await client.send(
      new CreateExportJobCommand({ ApplicationId: APP, ExportJobRequest: REQUEST }),
    );
    expect(out.$metadata.httpStatusCode).toBe(202);
    const job = out.ExportJobResponse as ExportJobResponse;
    expect(job).toBeDefined();
    expectValid('pinpoint', job, 'ExportJobResponse');
    expect(job.Id).toMatch(/^[0-9a-f]{32}$/);
    expect(job.JobStatus).toBe('CREATED');
    expect(job.ApplicationId).toBe(APP);
    expect(job.Type).toBe('EXPORT');
    expect(job.Definition).toEqual(REQUEST);
    expect(job.CreationDate).toBe(new Date(server.clock.now()).toISOString());
    expect(job.CompletionDate).toBeUndefined();
    firstJobId = job.Id;
  });

  it('GetExportJob polled to COMPLETED: states only move forward, pieces never drop, CompletionDate only at the end', async () => {
    const created = await client.send(
      new CreateExportJobCommand({ ApplicationId: APP, ExportJobRequest: REQUEST }),
    );
    const id = created.ExportJobResponse?.Id as string;
    const seen = await poll(
      async () => {
        const out = await client.send(new GetExportJobCommand({ ApplicationId: APP, JobId: id }));
        expect(out.$metadata.httpStatusCode).toBe(200);
        return out.ExportJobResponse as ExportJobResponse;
      },
      (job) => job.JobStatus === 'COMPLETED',
      1000,
    );
    for (const job of seen) {
      expectValid('pinpoint', job, 'ExportJobResponse');
      expect(job.Id).toBe(id);
      expect(job.Definition).toEqual(REQUEST);
    }

    const order = stateOrder();
    const transitions = registry.get('pinpoint').transitions;
    const states = seen.map((job) => job.JobStatus as string);
    // The happy path walks CREATED → PREPARING_FOR_INITIALIZATION → INITIALIZING → PROCESSING → COMPLETING → COMPLETED.
    expect([...new Set(states)]).toEqual([
      'CREATED',
      'PREPARING_FOR_INITIALIZATION',
      'INITIALIZING',
      'PROCESSING',
      'COMPLETING',
      'COMPLETED',
    ]);
    for (let i = 1; i < states.length; i++) {
      const from = states[i - 1] as string;
      const to = states[i] as string;
      expect(order.indexOf(to), `${from} → ${to}`).toBeGreaterThanOrEqual(order.indexOf(from));
      if (from !== to) expect(transitions[from], `${from} → ${to}`).toContain(to);
    }

    let pieces = -1;
    for (const job of seen) {
      const completed = job.CompletedPieces ?? 0;
      expect(completed).toBeGreaterThanOrEqual(pieces);
      pieces = completed;
      if (job.TotalPieces !== undefined) {
        expect(completed + (job.FailedPieces ?? 0)).toBeLessThanOrEqual(job.TotalPieces);
      }
    }

    const last = seen.at(-1) as ExportJobResponse;
    for (const job of seen.slice(0, -1)) expect(job.CompletionDate, job.JobStatus).toBeUndefined();
    expect(last.CompletionDate).toBeDefined();
    expect(Date.parse(last.CompletionDate as string)).toBeGreaterThanOrEqual(
      Date.parse(last.CreationDate as string),
    );
    expect(Date.parse(last.CompletionDate as string)).toBeLessThanOrEqual(server.clock.now());
    expect(last.CompletedPieces).toBe(last.TotalPieces);
    expect(last.FailedPieces ?? 0).toBe(0);
  });

  it('GetExportJobs with PageSize 1 follows NextToken through every job, the created one included', async () => {
    const ids = new Set<string>();
    if (firstJobId) ids.add(firstJobId);
    for (let i = 0; i < 2; i++) {
      const out = await client.send(
        new CreateExportJobCommand({ ApplicationId: APP, ExportJobRequest: REQUEST }),
      );
      ids.add(out.ExportJobResponse?.Id as string);
    }
    expect(ids.size).toBeGreaterThanOrEqual(2);

    const listed: string[] = [];
    let token: string | undefined;
    let pages = 0;
    for (; pages < 50; pages++) {
      const out = await client.send(
        new GetExportJobsCommand({
          ApplicationId: APP,
          PageSize: '1',
          ...(token === undefined ? {} : { Token: token }),
        }),
      );
      expect(out.$metadata.httpStatusCode).toBe(200);
      const page = out.ExportJobsResponse;
      expect(page).toBeDefined();
      expectValid('pinpoint', page, 'ExportJobsResponse');
      const items = page?.Item ?? [];
      expect(items.length).toBeLessThanOrEqual(1);
      for (const item of items) listed.push(item.Id as string);
      token = page?.NextToken;
      if (!token) break;
    }
    expect(token, 'the listing never ended').toBeUndefined();
    expect(pages + 1).toBe(listed.length);
    expect(new Set(listed).size).toBe(listed.length);
    for (const id of ids) expect(listed).toContain(id);
  });

  it('an unknown JobId: the SDK throws NotFoundException (404, a message), answered by the mock', async () => {
    const before = requestLog.length;
    const error = await client
      .send(new GetExportJobCommand({ ApplicationId: APP, JobId: 'no-such-job' }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(NotFoundException);
    const e = error as NotFoundException;
    expect(e.name).toBe('NotFoundException');
    expect(e.$metadata.httpStatusCode).toBe(404);
    expect(e.message).toBe('Resource not found');
    // The body's RequestID and the x-amzn-RequestId header are one UUID the mock drew.
    expect(e.RequestID).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.$metadata.requestId).toBe(e.RequestID);
    expect(requestLog.slice(before).map((line) => line.split(' ').slice(0, 3).join(' '))).toEqual([
      `GET /v1/apps/${APP}/jobs/export/no-such-job 404`,
    ]);
  });

  it('a create without S3UrlPrefix: the SDK throws BadRequestException (400)', async () => {
    const error = await client
      .send(
        new CreateExportJobCommand({
          ApplicationId: APP,
          ExportJobRequest: { RoleArn: REQUEST.RoleArn } as ExportJobRequest,
        }),
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(BadRequestException);
    const e = error as BadRequestException;
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.message).toMatch(/S3UrlPrefix/);
  });
});

/* ---------------------------------------------------------------- Weaviate */

describe('Weaviate export, as its clients call it', () => {
  const AUTH = 'Bearer dummy-key';
  const GO_ZERO_TIME = '0001-01-01T00:00:00.000Z';

  interface ExportStatus {
    id: string;
    backend: string;
    path: string;
    status: string;
    startedAt: string;
    completedAt?: string;
    tookInMs?: number;
    classes: string[] | null;
    error?: string;
  }

  it('GET /v1/meta first: the version passes the client gate (≥ 1.37)', async () => {
    const meta = await call<{ version: string }>('GET', '/v1/meta', AUTH);
    expect(meta.status).toBe(200);
    expect(meta.body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(versionAtLeast(meta.body.version, '1.37')).toBe(true);
  });

  it('POST /v1/export/filesystem → STARTED, then GET polled to SUCCESS', async () => {
    const id = 'interop-export-1';
    const created = await call<ExportStatus>('POST', '/v1/export/filesystem', AUTH, {
      id,
      file_format: 'parquet',
      include: ['Article'],
    });
    expect(created.status).toBe(200);
    expectValid('weaviate', created.body, 'ExportCreateResponse');
    expect(created.body).toMatchObject({
      id,
      backend: 'filesystem',
      status: 'STARTED',
      classes: ['Article'],
    });

    const seen = await poll(
      async () => {
        const reply = await call<ExportStatus>('GET', `/v1/export/filesystem/${id}`, AUTH);
        expect(reply.status).toBe(200);
        return reply.body;
      },
      (body) => body.status === 'SUCCESS',
      2000,
    );
    for (const body of seen) {
      expectValid('weaviate', body);
      expect(body.id).toBe(id);
      expect(body.classes).toEqual(['Article']);
      // STARTED is only ever returned by POST: a GET assembles TRANSFERRING.
      expect(['TRANSFERRING', 'SUCCESS']).toContain(body.status);
    }
    expect(seen.length).toBeGreaterThan(1);
    // Go's zero time while running (omitempty does not drop a struct), a real time at the end.
    for (const body of seen.slice(0, -1)) expect(body.completedAt).toBe(GO_ZERO_TIME);
    const last = seen.at(-1) as ExportStatus;
    expect(last.completedAt).not.toBe(GO_ZERO_TIME);
    expect(Date.parse(last.completedAt as string)).toBeLessThanOrEqual(server.clock.now());
    expect(last.tookInMs).toBe(Date.parse(last.completedAt as string) - Date.parse(last.startedAt));
    expect(last.error).toBeUndefined();
  });

  it('DELETE on a running export → 204, then its status is CANCELED', async () => {
    const id = 'interop-export-2';
    const created = await call<ExportStatus>('POST', '/v1/export/filesystem', AUTH, {
      id,
      file_format: 'parquet',
      include: ['Article'],
    });
    expect(created.status).toBe(200);
    expectValid('weaviate', created.body, 'ExportCreateResponse');
    server.clock.advance(1000);

    const cancelled = await call('DELETE', `/v1/export/filesystem/${id}`, AUTH);
    expect(cancelled.status).toBe(204);
    expect(cancelled.text).toBe('');

    const after = await call<ExportStatus>('GET', `/v1/export/filesystem/${id}`, AUTH);
    expect(after.status).toBe(200);
    expectValid('weaviate', after.body);
    expect(after.body.status).toBe('CANCELED');
    expect(after.body.error).toBe('export was canceled');
    expect(after.body.completedAt).toBe(new Date(server.clock.now()).toISOString());

    // Frozen: later reads still say CANCELED.
    server.clock.advance(60_000);
    const later = await call<ExportStatus>('GET', `/v1/export/filesystem/${id}`, AUTH);
    expect(later.status).toBe(200);
    expectValid('weaviate', later.body);
    expect(later.body.status).toBe('CANCELED');
  });
});

/* ---------------------------------------------------------------- PostHog */

describe('PostHog batch export runs, with fetch', () => {
  const AUTH = 'Bearer phx_dummy';
  const lifecycle = registry.get('posthog').lifecycle;
  const BATCH_EXPORT_ID = lifecycle.mock?.params?.batch_export_id as string;
  const BASE = `/api/projects/1/batch_exports/${BATCH_EXPORT_ID}`;

  interface Run {
    id: string;
    status: string;
    batch_export: string;
    backfill: string | null;
    finished_at: string | null;
    records_completed: number | null;
  }
  interface RunPage {
    next: string | null;
    previous: string | null;
    results: Run[];
  }

  it('the default batch_export_id comes from mocks/posthog/lifecycle.json', () => {
    expect(BATCH_EXPORT_ID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('backfill → runs listed one at a time; the first polled to Completed, the next cancelled ({"cancelled": true})', async () => {
    const start = new Date(server.clock.now() - 2 * 3600_000);
    start.setUTCMinutes(0, 0, 0);
    const end = new Date(start.getTime() + 2 * 3600_000);
    const backfill = await call<{ backfill_id: string }>('POST', `${BASE}/backfills/`, AUTH, {
      start_at: start.toISOString(),
      end_at: end.toISOString(),
    });
    expect(backfill.status).toBe(201);
    // create_backfill answers only the pre-generated id.
    expectValid('posthog', backfill.body, 'BatchExportBackfillCreated');
    expect(Object.keys(backfill.body)).toEqual(['backfill_id']);

    const listRuns = async () => {
      const list = await call<RunPage>('GET', `${BASE}/runs/`, AUTH);
      expect(list.status).toBe(200);
      expectValid('posthog', list.body, 'PaginatedBatchExportRunList');
      return list.body.results.filter((run) => run.backfill === backfill.body.backfill_id);
    };
    // The backfill's workflow runs its hours in turn: one run is there at first.
    const first = await listRuns();
    expect(first).toHaveLength(1);
    const [toFinish] = first as [Run];
    expect(toFinish.batch_export).toBe(BATCH_EXPORT_ID);
    expect(['Starting', 'Running']).toContain(toFinish.status);

    const seen = await poll(
      async () => {
        const reply = await call<Run>('GET', `${BASE}/runs/${toFinish.id}/`, AUTH);
        expect(reply.status).toBe(200);
        return reply.body;
      },
      (run) => run.status === 'Completed',
      2000,
    );
    for (const run of seen) {
      expectValid('posthog', run);
      expect(run.id).toBe(toFinish.id);
      expect(['Starting', 'Running', 'Completed']).toContain(run.status);
    }
    for (const run of seen.slice(0, -1)) {
      expect(run.finished_at).toBeNull();
      expect(run.records_completed).toBeNull();
    }
    const last = seen.at(-1) as Run;
    expect(last.finished_at).not.toBeNull();
    expect(last.records_completed).toEqual(expect.any(Number));

    // The first run finished: the next hour's run is there now.
    const runs = await listRuns();
    expect(runs).toHaveLength(2);
    const toCancel = runs.find((run) => run.id !== toFinish.id) as Run;
    expect(toCancel.batch_export).toBe(BATCH_EXPORT_ID);
    expect(['Starting', 'Running']).toContain(toCancel.status);
    const cancel = await call('POST', `${BASE}/runs/${toCancel.id}/cancel/`, AUTH);
    expect(cancel.status).toBe(200);
    expectValid('posthog', cancel.body, 'BatchExportRunCancelResponse');
    expect(cancel.body).toEqual({ cancelled: true });
    const cancelled = await call<Run>('GET', `${BASE}/runs/${toCancel.id}/`, AUTH);
    expect(cancelled.status).toBe(200);
    expectValid('posthog', cancelled.body);
    expect(cancelled.body.status).toBe('Cancelled');
    // The cancel endpoint writes the status without finished_at.
    expect(cancelled.body.finished_at).toBeNull();

    // Still Cancelled once the workflow's finish write has come.
    server.clock.advance(60_000);
    const again = await call<Run>('GET', `${BASE}/runs/${toCancel.id}/`, AUTH);
    expect(again.status).toBe(200);
    expectValid('posthog', again.body);
    expect(again.body.status).toBe('Cancelled');
  });
});

/* ---------------------------------------------------------------- FullStory */

describe('FullStory segment export, with fetch', () => {
  // The raw key, as the real API and the node SDK send it (not base64 of user:password).
  const AUTH = 'Basic dummy-api-key';

  interface Operation {
    id: string;
    type: string;
    state: string;
    estimatePctComplete: number;
    results?: { searchExportId: string; expires: string };
  }

  it('POST /segments/v1/exports → operationId; the operation polled to COMPLETED; results give a location', async () => {
    const created = await call<{ operationId: string }>('POST', '/segments/v1/exports', AUTH, {
      segmentId: 'everyone',
      type: 'TYPE_EVENT',
      format: 'FORMAT_NDJSON',
      timeRange: { start: '2025-12-01T00:00:00Z', end: '2025-12-31T00:00:00Z' },
    });
    expect(created.status).toBe(200);
    expectValid('fullstory', created.body, 'CreateSegmentExportResponse');
    const id = created.body.operationId;
    expect(id).toMatch(/^[A-Za-z0-9]+$/);

    const seen = await poll(
      async () => {
        const reply = await call<Operation>('GET', `/operations/v1/${id}`, AUTH);
        expect(reply.status).toBe(200);
        return reply.body;
      },
      (op) => op.state === 'COMPLETED',
      2000,
    );
    let pct = -1;
    for (const op of seen) {
      expectValid('fullstory', op);
      expect(op.id).toBe(id);
      expect(op.type).toBe('SEARCH_EXPORT');
      // The real API never sends RUNNING, although the published schema allows it.
      expect(['PENDING', 'COMPLETED']).toContain(op.state);
      expect(op.estimatePctComplete).toBeGreaterThanOrEqual(pct);
      pct = op.estimatePctComplete;
    }
    expect(seen.length).toBeGreaterThan(1);
    const last = seen.at(-1) as Operation;
    expect(last.estimatePctComplete).toBe(100);
    expect(last.results).toBeDefined();
    const { searchExportId, expires } = last.results as { searchExportId: string; expires: string };

    const results = await call<{ location: string; expires: string }>(
      'GET',
      `/search/v1/exports/${encodeURIComponent(searchExportId)}/results`,
      AUTH,
    );
    expect(results.status).toBe(200);
    expectValid('fullstory', results.body, 'ExportResultsResponse');
    expect(Object.keys(results.body).sort()).toEqual(['expires', 'location']);
    expect(new URL(results.body.location).protocol).toBe('https:');
    expect(results.body.location).toContain(searchExportId);
    expect(results.body.expires).toBe(expires);
  });
});

/* ---------------------------------------------------------------- Dakera */

describe('Dakera import job status, with fetch', () => {
  const AUTH = 'Bearer dk-test';

  interface ImportJobStatus {
    job_id: string;
    status: string;
    started_at: number;
    finished_at?: number;
    total: number;
    imported: number;
    skipped: number;
    errors: unknown[];
  }

  it('a job made through the admin API, polled to completed: finished_at absent, then Unix seconds', async () => {
    const made = await call<{ id: string; vendor: string; statusUrl: string }>(
      'POST',
      '/__jobkit/jobs',
      AUTH,
      {
        vendor: 'dakera',
      },
    );
    expect(made.status).toBe(201);
    const id = made.body.id;
    // The JS SDK URL-encodes the id.
    const path = `/v1/import/${encodeURIComponent(id)}/status`;
    expect(made.body.statusUrl).toBe(`${origin}${path}`);

    const seen: ImportJobStatus[] = [];
    for (let i = 0; i < MAX_POLLS; i++) {
      if (i > 0) {
        // Through the admin API this time, as a test in another process would.
        const tick = await call<{ now: string }>('POST', '/__jobkit/clock', AUTH, { advanceMs: 2000 });
        expect(tick.status).toBe(200);
      }
      const reply = await call<ImportJobStatus>('GET', path, AUTH);
      expect(reply.status).toBe(200);
      seen.push(reply.body);
      if (reply.body.status === 'completed') break;
    }
    const last = seen.at(-1) as ImportJobStatus;
    expect(last.status).toBe('completed');
    expect(seen.length).toBeGreaterThan(1);

    for (const body of seen) {
      expectValid('dakera', body);
      expect(body.job_id).toBe(id);
      expect(Number.isInteger(body.started_at)).toBe(true);
      expect(body.imported + body.skipped + body.errors.length).toBeLessThanOrEqual(body.total);
    }
    for (const body of seen.slice(0, -1)) {
      expect(body.status).toBe('running');
      expect(Object.hasOwn(body, 'finished_at')).toBe(false);
    }
    expect(Number.isInteger(last.finished_at)).toBe(true);
    const finished = last.finished_at as number;
    expect(finished).toBeGreaterThanOrEqual(last.started_at);
    expect(finished).toBeLessThanOrEqual(Math.floor(server.clock.now() / 1000));
    // Seconds, not milliseconds: within the test's own span of time.
    expect(finished).toBeGreaterThanOrEqual(Math.floor(T0 / 1000));
  });
});
