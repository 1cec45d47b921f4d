import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/lifecycle/engine.js';
import { createManualClock } from '../../src/mock/clock.js';
import type { HttpMethod } from '../../src/mock/types.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid, type Reply, readReply } from '../helpers/http.js';
import { type TestMock as MockServer, mockApp } from '../helpers/server.js';

/**
 * The vendor routes of the mock, answered in process (Hono's app.request, no network), against what
 * the real APIs send (shared/vendor/README.md). Every server starts at T0 on a manual clock.
 */

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
/** Past the end of every "happy" scenario (the longest, Pinpoint's, ends within 51 s) and of FullStory's "slow". */
const DONE = 10 * MINUTE;
const GO_ZERO_TIME = '0001-01-01T00:00:00.000Z';

/** For reading vendor data in tests; each server gets its own registry. */
const registry = createRegistry();

function makeServer(): MockServer {
  return mockApp({ registry: createRegistry(), seed: 7, clock: createManualClock(T0) });
}

async function call<T = Record<string, unknown>>(
  server: MockServer,
  method: HttpMethod,
  path: string,
  body?: unknown,
): Promise<Reply<T>> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  return readReply<T>(await server.app.request(path, init));
}

const get = <T = Record<string, unknown>>(server: MockServer, path: string) => call<T>(server, 'GET', path);
const post = <T = Record<string, unknown>>(server: MockServer, path: string, body?: unknown) =>
  call<T>(server, 'POST', path, body);
const del = <T = Record<string, unknown>>(server: MockServer, path: string) =>
  call<T>(server, 'DELETE', path);

function param(job: Job, name: string): string {
  const value = job.params[name];
  if (value === undefined) throw new Error(`job ${job.id} has no parameter ${name}`);
  return value;
}

/** Moves the clock to each offset from T0 in turn and collects what `send` answers there. */
async function overTime<T>(server: MockServer, offsets: number[], send: () => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (const offset of offsets) {
    const now = server.clock.now();
    if (T0 + offset < now) throw new Error('offsets must not go back in time');
    server.clock.advance(T0 + offset - now);
    out.push(...(await send()));
  }
  return out;
}

function scenarios(server: MockServer, vendor: string): string[] {
  const mv = server.vendors.get(vendor);
  if (!mv) throw new Error(`vendor ${vendor} is not served`);
  return mv.scenarioNames();
}

/* ------------------------------------------------------------------ PostHog */

type Root = 'projects' | 'environments';

interface Run {
  id: string;
  status: string;
  records_completed: number | null;
  records_failed: number | null;
  records_total_count: number | null;
  bytes_exported: number | null;
  latest_error: string | null;
  finished_at: string | null;
  last_updated_at: string;
  batch_export: string;
  backfill: string | null;
}

interface RunPage {
  next: string | null;
  previous: string | null;
  results: Run[];
}

interface DrfError {
  type: string;
  code: string;
  detail: string;
  attr: string | null;
}

const runsPath = (job: Job, root: Root = 'projects', project = param(job, 'project_id')) =>
  `/api/${root}/${project}/batch_exports/${param(job, 'batch_export_id')}/runs/`;
const runPath = (job: Job, root: Root = 'projects', project?: string) =>
  `${runsPath(job, root, project)}${job.id}/`;

function expectDrfError(reply: Reply<DrfError>, status: number, type: string): void {
  expect(reply.status).toBe(status);
  expect(Object.keys(reply.body).sort()).toEqual(['attr', 'code', 'detail', 'type']);
  expect(reply.body.type).toBe(type);
  expect(typeof reply.body.code).toBe('string');
  expect(reply.body.detail).not.toBe('');
  expect(reply.body.attr).toBeNull();
  expectValid('posthog', reply.body, 'ErrorResponse');
}

describe('PostHog batch export runs', () => {
  it('lists runs as a DRF cursor page {next, previous, results}', async () => {
    const server = makeServer();
    const a = server.createJob({ vendor: 'posthog', scenario: 'happy' });
    const b = server.createJob({ vendor: 'posthog', scenario: 'failure' });
    const page = await get<RunPage>(server, runsPath(a));
    expect(page.status).toBe(200);
    expect(Object.keys(page.body).sort()).toEqual(['next', 'previous', 'results']);
    expect(page.body.next).toBeNull();
    expect(page.body.previous).toBeNull();
    expect(page.body.results.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('pages 100 runs at a time; next is a full URL with ?cursor= that returns the rest', async () => {
    const server = makeServer();
    const created = Array.from({ length: 105 }, () =>
      server.createJob({ vendor: 'posthog', scenario: 'happy' }),
    );
    const first = await get<RunPage>(server, runsPath(created[0] as Job));
    expect(first.status).toBe(200);
    expect(first.body.results).toHaveLength(100);
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toEqual(expect.any(String));
    const next = new URL(first.body.next as string);
    expect(next.protocol).toBe('http:');
    expect(next.pathname).toBe(runsPath(created[0] as Job));
    expect(next.searchParams.get('cursor')).toEqual(expect.any(String));

    const second = await get<RunPage>(server, first.body.next as string);
    expect(second.status).toBe(200);
    expect(second.body.results).toHaveLength(5);
    expect(second.body.next).toBeNull();
    expect(new URL(second.body.previous as string).pathname).toBe(runsPath(created[0] as Job));

    const seen = [...first.body.results, ...second.body.results].map((r) => r.id);
    expect(new Set(seen).size).toBe(105);
    expect([...seen].sort()).toEqual(created.map((j) => j.id).sort());
  });

  it('gets one run, and the /api/environments/ twin returns the same run', async () => {
    const server = makeServer();
    const job = server.createJob({ vendor: 'posthog', scenario: 'happy' });
    server.clock.advance(5_000);
    const project = await get<Run>(server, runPath(job, 'projects'));
    expect(project.status).toBe(200);
    expect(project.body).toMatchObject({
      id: job.id,
      status: 'Running',
      batch_export: param(job, 'batch_export_id'),
      finished_at: null,
      records_completed: null,
    });
    const environment = await get<Run>(server, runPath(job, 'environments'));
    expect(environment.status).toBe(200);
    expect(environment.body).toEqual(project.body);
  });

  it.each([
    ['another project', (job: Job) => runPath(job, 'projects', '2')],
    ['another environment', (job: Job) => runPath(job, 'environments', '2')],
    [
      'another batch export',
      (job: Job) => `/api/projects/1/batch_exports/00000000-0000-4000-8000-000000000000/runs/${job.id}/`,
    ],
    ['an unknown run id', (job: Job) => `${runsPath(job)}11111111-1111-4111-8111-111111111111/`],
  ])('answers 404 in drf-exceptions-hog shape for %s', async (_what, path) => {
    const server = makeServer();
    const job = server.createJob({ vendor: 'posthog', scenario: 'happy' });
    const reply = await get<DrfError>(server, path(job));
    expectDrfError(reply, 404, 'invalid_request');
    expect(reply.body.code).toBe('not_found');
  });

  it.each<Root>(['projects', 'environments'])(
    'cancels a Running run under /api/%s/: Cancelled with finished_at null for a moment, then the finish write (finished_at, latest_error "Cancelled"); counters stay null',
    async (root) => {
      const server = makeServer();
      const job = server.createJob({ vendor: 'posthog', scenario: 'happy' });
      server.clock.advance(5_000);
      const before = await get<Run>(server, runPath(job, root));
      expect(before.body.status).toBe('Running');

      server.clock.advance(1_000);
      const cancel = await post(server, `${runPath(job, root)}cancel/`);
      expect(cancel.status).toBe(200);
      expect(cancel.body).toEqual({ cancelled: true });
      expectValid('posthog', cancel.body, 'BatchExportRunCancelResponse');

      // Right after the cancel endpoint: only the status is written.
      const window = await get<Run>(server, runPath(job, root));
      expect(window.body).toMatchObject({
        status: 'Cancelled',
        finished_at: null,
        records_completed: null,
        records_failed: null,
        bytes_exported: null,
        latest_error: null,
        records_total_count: before.body.records_total_count,
      });
      expect(Date.parse(window.body.last_updated_at)).toBeGreaterThan(
        Date.parse(before.body.last_updated_at),
      );
      expectValid('posthog', window.body, 'BatchExportRun');

      // Then the workflow's finish write: finished_at and latest_error, the counters still null.
      server.clock.advance(DONE);
      const after = await get<Run>(server, runPath(job, root));
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({
        status: 'Cancelled',
        records_completed: null,
        records_failed: null,
        bytes_exported: null,
        latest_error: 'Cancelled',
        records_total_count: before.body.records_total_count,
      });
      expect(Date.parse(String(after.body.finished_at))).toBeGreaterThan(
        Date.parse(window.body.last_updated_at),
      );
      expect(after.body.last_updated_at).not.toBe(window.body.last_updated_at);
      expectValid('posthog', after.body, 'BatchExportRun');
    },
  );

  it('refuses to cancel a run twice, or a finished run, with 400 {type, code, detail, attr}', async () => {
    const server = makeServer();
    const running = server.createJob({ vendor: 'posthog', scenario: 'happy' });
    const finishing = server.createJob({ vendor: 'posthog', scenario: 'happy' });
    server.clock.advance(5_000);
    expect((await post(server, `${runPath(running)}cancel/`)).status).toBe(200);
    expectDrfError(await post<DrfError>(server, `${runPath(running)}cancel/`), 400, 'validation_error');

    server.clock.advance(DONE);
    expect((await get<Run>(server, runPath(finishing))).body.status).toBe('Completed');
    expectDrfError(await post<DrfError>(server, `${runPath(finishing)}cancel/`), 400, 'validation_error');
  });

  it.each<Root>(['projects', 'environments'])(
    'retries a run under /api/%s/: 201 {backfill_id}, a new run in that backfill, the old run untouched',
    async (root) => {
      const server = makeServer();
      const job = server.createJob({ vendor: 'posthog', scenario: 'failure' });
      server.clock.advance(DONE);
      const old = await get<Run>(server, runPath(job, root));
      expect(old.body.status).toBe('Failed');

      const retry = await post<{ backfill_id: string }>(server, `${runPath(job, root)}retry/`);
      expect(retry.status).toBe(201);
      expect(Object.keys(retry.body)).toEqual(['backfill_id']);
      expect(retry.body.backfill_id).toMatch(/^[0-9a-f-]{36}$/);

      const page = await get<RunPage>(server, runsPath(job, root));
      const fresh = page.body.results.filter((r) => r.id !== job.id);
      expect(fresh).toHaveLength(1);
      expect(fresh[0]).toMatchObject({
        backfill: retry.body.backfill_id,
        status: 'Starting',
        finished_at: null,
      });
      expect((await get<Run>(server, runPath(job, root))).body).toEqual(old.body);
    },
  );

  it('backfills 21:00–00:00: 201 and one run per hour, all in the new backfill', async () => {
    const server = makeServer();
    const seed = server.createJob({ vendor: 'posthog', scenario: 'happy' });
    const reply = await post<{ backfill_id: string }>(
      server,
      `/api/projects/1/batch_exports/${param(seed, 'batch_export_id')}/backfills/`,
      { start_at: '2025-12-31T21:00:00Z', end_at: '2026-01-01T00:00:00Z' },
    );
    expect(reply.status).toBe(201);
    expect(Object.keys(reply.body)).toEqual(['backfill_id']);
    // The runs are made one at a time: once the first two have finished, all three are listed.
    server.clock.advance(10 * 60_000);
    const page = await get<RunPage>(server, runsPath(seed));
    const runs = page.body.results.filter((r) => r.id !== seed.id);
    expect(runs).toHaveLength(3);
    for (const run of runs) expect(run.backfill).toBe(reply.body.backfill_id);
  });
});

/* ---------------------------------------------------------------- FullStory */

interface Operation {
  id: string;
  state: string;
  results: { searchExportId?: string; expires?: string } | null;
  estimatePctComplete: number;
  finishedAt: string | null;
}

interface OperationPage {
  operations: Operation[];
  nextPaginationToken?: string;
}

const SEGMENT_EXPORT = { segmentId: 's1', type: 'TYPE_EVENT', format: 'FORMAT_JSON' };

function expectFullStoryError(reply: Reply<{ code: string; message: string }>, status: number): void {
  expect(reply.status).toBe(status);
  expect(Object.keys(reply.body).sort()).toEqual(['code', 'message']);
  expect(reply.body.code).not.toBe('');
  expect(reply.body.message).not.toBe('');
  expectValid('fullstory', reply.body, 'ErrorResponse');
}

describe('FullStory segment exports and operations', () => {
  it('creates a segment export: 200 {operationId}, and the operation is PENDING', async () => {
    const server = makeServer();
    const created = await post<{ operationId: string }>(server, '/segments/v1/exports', SEGMENT_EXPORT);
    expect(created.status).toBe(200);
    expect(Object.keys(created.body)).toEqual(['operationId']);
    expect(created.body.operationId).toMatch(/^[A-Za-z0-9]+$/);
    const op = await get<Operation>(server, `/operations/v1/${created.body.operationId}`);
    expect(op.status).toBe(200);
    expect(op.body).toMatchObject({ id: created.body.operationId, state: 'PENDING', finishedAt: null });
  });

  it.each([
    ['segmentId of the wrong type', { segmentId: 1, type: 'TYPE_EVENT', format: 'FORMAT_JSON' }],
    ['no segmentId', { type: 'TYPE_EVENT', format: 'FORMAT_JSON' }],
    ['an empty object', {}],
    ['malformed JSON', '{"segmentId": '],
    ['no body', undefined],
  ])('refuses a create with %s: 400 {code, message}', async (_what, body) => {
    const server = makeServer();
    expectFullStoryError(await post(server, '/segments/v1/exports', body), 400);
    expect(server.store.size).toBe(0);
  });

  it('polls PENDING (never RUNNING) until COMPLETED with results.searchExportId and 100%', async () => {
    const server = makeServer();
    const { body } = await post<{ operationId: string }>(server, '/segments/v1/exports', SEGMENT_EXPORT);
    const seen: Operation[] = [];
    for (let t = 0; t <= MINUTE; t += 1_000) {
      const reply = await get<Operation>(server, `/operations/v1/${body.operationId}`);
      expect(reply.status).toBe(200);
      seen.push(reply.body);
      server.clock.advance(1_000);
    }
    expect(new Set(seen.map((op) => op.state))).toEqual(new Set(['PENDING', 'COMPLETED']));
    const firstDone = seen.findIndex((op) => op.state === 'COMPLETED');
    for (const [i, op] of seen.entries()) {
      if (i < firstDone) {
        expect(op.state).toBe('PENDING');
        expect(op.estimatePctComplete).toBeLessThan(100);
        expect(op.results?.searchExportId).toBeUndefined();
      } else {
        expect(op.state).toBe('COMPLETED');
        expect(op.estimatePctComplete).toBe(100);
        expect(op.results?.searchExportId).toMatch(/^[A-Za-z0-9]+$/);
        expect(op.finishedAt).toEqual(expect.any(String));
      }
      if (i > 0)
        expect(op.estimatePctComplete).toBeGreaterThanOrEqual((seen[i - 1] as Operation).estimatePctComplete);
    }
  });

  it('answers the export results 404 before completion and {location, expires} after', async () => {
    // Same seed, same jobs: the finished twin tells the searchExportId the other will have.
    const ahead = makeServer();
    const server = makeServer();
    const a = await post<{ operationId: string }>(ahead, '/segments/v1/exports', SEGMENT_EXPORT);
    const b = await post<{ operationId: string }>(server, '/segments/v1/exports', SEGMENT_EXPORT);
    expect(b.body.operationId).toBe(a.body.operationId);
    ahead.clock.advance(DONE);
    const done = await get<Operation>(ahead, `/operations/v1/${a.body.operationId}`);
    const searchExportId = done.body.results?.searchExportId as string;
    expect(searchExportId).toEqual(expect.any(String));

    expectFullStoryError(await get(server, `/search/v1/exports/${searchExportId}/results`), 404);

    server.clock.advance(DONE);
    const results = await get<{ location: string; expires: string }>(
      server,
      `/search/v1/exports/${searchExportId}/results`,
    );
    expect(results.status).toBe(200);
    expect(Object.keys(results.body).sort()).toEqual(['expires', 'location']);
    expect(new URL(results.body.location).protocol).toBe('https:');
    expect(results.body.location).toContain(searchExportId);
    expect(results.body.expires).toBe(done.body.results?.expires);
    expectValid('fullstory', results.body, 'ExportResultsResponse');
  });

  it('answers 404 for an unknown operation and an unknown export', async () => {
    const server = makeServer();
    expectFullStoryError(await get(server, '/operations/v1/doesNotExist'), 404);
    expectFullStoryError(await get(server, '/search/v1/exports/doesNotExist/results'), 404);
  });

  it('lists operations two at a time with nextPaginationToken → ?paginationToken=', async () => {
    const server = makeServer();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (await post<{ operationId: string }>(server, '/segments/v1/exports', SEGMENT_EXPORT)).body
          .operationId,
      );
    }
    const first = await get<OperationPage>(server, '/operations/v1?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.operations).toHaveLength(2);
    expect(first.body.nextPaginationToken).toEqual(expect.any(String));
    expectValid('fullstory', first.body, 'ListOperationsResponse');

    const token = encodeURIComponent(first.body.nextPaginationToken as string);
    const second = await get<OperationPage>(server, `/operations/v1?limit=2&paginationToken=${token}`);
    expect(second.status).toBe(200);
    expect(second.body.operations).toHaveLength(1);
    expect(second.body.nextPaginationToken ?? '').toBe('');
    expectValid('fullstory', second.body, 'ListOperationsResponse');

    const listed = [...first.body.operations, ...second.body.operations].map((op) => op.id);
    expect([...listed].sort()).toEqual([...ids].sort());
  });
});

/* ----------------------------------------------------------------- Weaviate */

interface ExportStatus {
  id: string;
  backend: string;
  status: string;
  startedAt: string;
  completedAt?: string;
  tookInMs?: number;
  error?: string;
  classes: string[] | null;
}

const EXPORT_REQUEST = { id: 'exp-1', file_format: 'parquet', include: ['Article'] };

function expectWeaviateError(reply: Reply<{ error: { message: string }[] }>, status: number): void {
  expect(reply.status).toBe(status);
  expect(Object.keys(reply.body)).toEqual(['error']);
  expect(reply.body.error).toHaveLength(1);
  expect(Object.keys(reply.body.error[0] ?? {})).toEqual(['message']);
  expect(reply.body.error[0]?.message).not.toBe('');
  expectValid('weaviate', reply.body, 'ErrorResponse');
}

describe('Weaviate exports', () => {
  it('GET /v1/meta reports a version with export support (≥ 1.37)', async () => {
    const reply = await get<{ version: string }>(makeServer(), '/v1/meta');
    expect(reply.status).toBe(200);
    const [major, minor] = reply.body.version.split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBeGreaterThanOrEqual(37);
  });

  it('starts an export: 200 with status STARTED for the asked collections', async () => {
    const server = makeServer();
    const reply = await post<ExportStatus>(server, '/v1/export/s3', EXPORT_REQUEST);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      id: 'exp-1',
      backend: 's3',
      status: 'STARTED',
      startedAt: new Date(T0).toISOString(),
      classes: ['Article'],
    });
    expectValid('weaviate', reply.body, 'ExportCreateResponse');
  });

  it('polls TRANSFERRING with the Go zero completedAt and no tookInMs, then SUCCESS with tookInMs', async () => {
    const server = makeServer();
    await post(server, '/v1/export/s3', EXPORT_REQUEST);
    for (const step of [0, 5_000]) {
      server.clock.advance(step);
      const running = await get<ExportStatus>(server, '/v1/export/s3/exp-1');
      expect(running.status).toBe(200);
      expect(running.body.status).toBe('TRANSFERRING');
      expect(running.body.completedAt).toBe(GO_ZERO_TIME);
      expect('tookInMs' in running.body).toBe(false);
    }
    server.clock.advance(DONE);
    const done = await get<ExportStatus>(server, '/v1/export/s3/exp-1');
    expect(done.body.status).toBe('SUCCESS');
    expect(done.body.completedAt).not.toBe(GO_ZERO_TIME);
    expect(done.body.tookInMs).toBeGreaterThan(0);
    expect(done.body.tookInMs).toBe(
      Date.parse(done.body.completedAt as string) - Date.parse(done.body.startedAt),
    );
    expectValid('weaviate', done.body, 'ExportStatusResponse');
  });

  it('cancels with DELETE: 204, CANCELED at that moment, and a second DELETE is 409', async () => {
    const server = makeServer();
    await post(server, '/v1/export/s3', EXPORT_REQUEST);
    server.clock.advance(2_000);
    const cancel = await del(server, '/v1/export/s3/exp-1');
    expect(cancel.status).toBe(204);
    expect(cancel.text).toBe('');

    const after = await get<ExportStatus>(server, '/v1/export/s3/exp-1');
    expect(after.body).toMatchObject({
      status: 'CANCELED',
      error: 'export was canceled',
      completedAt: new Date(T0 + 2_000).toISOString(),
      tookInMs: 2_000,
    });
    expectWeaviateError(await del(server, '/v1/export/s3/exp-1'), 409);
  });

  it('refuses to cancel a finished export with 409', async () => {
    const server = makeServer();
    await post(server, '/v1/export/s3', EXPORT_REQUEST);
    server.clock.advance(DONE);
    expectWeaviateError(await del(server, '/v1/export/s3/exp-1'), 409);
    expect((await get<ExportStatus>(server, '/v1/export/s3/exp-1')).body.status).toBe('SUCCESS');
  });

  it('refuses a second export with the same id: 409', async () => {
    const server = makeServer();
    expect((await post(server, '/v1/export/s3', EXPORT_REQUEST)).status).toBe(200);
    expectWeaviateError(await post(server, '/v1/export/s3', EXPORT_REQUEST), 409);
    expect(server.store.size).toBe(1);
  });

  it.each<[HttpMethod, string, unknown]>([
    ['GET', '/v1/export/ftp/x', undefined],
    ['DELETE', '/v1/export/ftp/x', undefined],
    ['POST', '/v1/export/ftp', EXPORT_REQUEST],
  ])('answers 422 for an unknown backend: %s %s', async (method, path, body) => {
    const server = makeServer();
    expectWeaviateError(await call(server, method, path, body), 422);
    expect(server.store.size).toBe(0);
  });

  it.each<HttpMethod>(['GET', 'DELETE'])('answers 404 for an unknown export id: %s', async (method) => {
    const server = makeServer();
    await post(server, '/v1/export/s3', EXPORT_REQUEST);
    expectWeaviateError(await call(server, method, '/v1/export/s3/no-such-export'), 404);
  });
});

/* ----------------------------------------------------------------- Pinpoint */

interface ExportJob {
  ApplicationId: string;
  CreationDate: string;
  CompletionDate?: string;
  Definition: Record<string, unknown>;
  Id: string;
  JobStatus: string;
  Type: string;
}

interface ExportJobs {
  Item: ExportJob[];
  NextToken?: string;
}

const EXPORT_JOB = { RoleArn: 'arn:aws:iam::1:role/r', S3UrlPrefix: 's3://b/p/' };
const IMPORT_JOB = { Format: 'CSV', RoleArn: 'arn:aws:iam::1:role/r', S3Url: 's3://b/p/e.csv' };

function expectAwsError(reply: Reply<{ Message: string; RequestID: string }>, status: number, type: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('x-amzn-ErrorType')).toBe(type);
  expect(Object.keys(reply.body).sort()).toEqual(['Message', 'RequestID']);
  expect(reply.body.Message).not.toBe('');
  expect(reply.body.RequestID).toBe(reply.headers.get('x-amzn-RequestId'));
  expectValid('pinpoint', reply.body, 'MessageBody');
}

describe('Pinpoint export jobs', () => {
  it.each([
    ['role and prefix', EXPORT_JOB],
    ['a segment and its version', { ...EXPORT_JOB, SegmentId: 'seg-9', SegmentVersion: 3 }],
  ])(
    'creates a job from %s: 202 with the bare ExportJobResponse echoing the request',
    async (_what, request) => {
      const server = makeServer();
      const reply = await post<ExportJob>(server, '/v1/apps/app1/jobs/export', request);
      expect(reply.status).toBe(202);
      expect('ExportJobResponse' in reply.body).toBe(false);
      expect(reply.body).toMatchObject({
        ApplicationId: 'app1',
        JobStatus: 'CREATED',
        Type: 'EXPORT',
        CreationDate: new Date(T0).toISOString(),
      });
      expect(reply.body.Definition).toEqual(request);
      expect(reply.body.Id).toMatch(/^[0-9a-f]{32}$/);
      expectValid('pinpoint', reply.body, 'ExportJobResponse');
    },
  );

  it('gets the job by id, COMPLETED with a CompletionDate once it is done', async () => {
    const server = makeServer();
    const created = await post<ExportJob>(server, '/v1/apps/app1/jobs/export', EXPORT_JOB);
    const path = `/v1/apps/app1/jobs/export/${created.body.Id}`;
    const now = await get<ExportJob>(server, path);
    expect(now.status).toBe(200);
    expect(now.body).toEqual(created.body);

    server.clock.advance(DONE);
    const done = await get<ExportJob>(server, path);
    expect(done.body).toMatchObject({ Id: created.body.Id, JobStatus: 'COMPLETED', Definition: EXPORT_JOB });
    expect(Date.parse(done.body.CompletionDate as string)).toBeGreaterThan(T0);
  });

  it.each([
    ['an unknown job id', () => '/v1/apps/app1/jobs/export/0123456789abcdef0123456789abcdef'],
    ['a job of another application', (id: string) => `/v1/apps/app2/jobs/export/${id}`],
  ])('answers 404 NotFoundException {Message, RequestID} for %s', async (_what, path) => {
    const server = makeServer();
    const created = await post<ExportJob>(server, '/v1/apps/app1/jobs/export', EXPORT_JOB);
    expectAwsError(await get(server, path(created.body.Id)), 404, 'NotFoundException');
  });

  it.each([
    ['RoleArn of the wrong type', { RoleArn: 1, S3UrlPrefix: 's3://b/p/' }],
    ['no S3UrlPrefix', { RoleArn: 'arn:aws:iam::1:role/r' }],
    ['an empty object', {}],
    ['malformed JSON', '{"RoleArn"'],
  ])('answers 400 BadRequestException for a create with %s', async (_what, body) => {
    const server = makeServer();
    expectAwsError(await post(server, '/v1/apps/app1/jobs/export', body), 400, 'BadRequestException');
    expect(server.store.size).toBe(0);
  });

  it('lists one job per page with page-size=1, NextToken → token=', async () => {
    const server = makeServer();
    const a = await post<ExportJob>(server, '/v1/apps/app1/jobs/export', EXPORT_JOB);
    const b = await post<ExportJob>(server, '/v1/apps/app1/jobs/export', EXPORT_JOB);
    const first = await get<ExportJobs>(server, '/v1/apps/app1/jobs/export?page-size=1');
    expect(first.status).toBe(200);
    expect(first.body.Item).toHaveLength(1);
    expect(first.body.NextToken).toEqual(expect.any(String));
    expectValid('pinpoint', first.body, 'ExportJobsResponse');

    const token = encodeURIComponent(first.body.NextToken as string);
    const second = await get<ExportJobs>(server, `/v1/apps/app1/jobs/export?page-size=1&token=${token}`);
    expect(second.status).toBe(200);
    expect(second.body.Item).toHaveLength(1);
    expect(second.body.NextToken).toBeUndefined();
    expect([first.body.Item[0]?.Id, second.body.Item[0]?.Id].sort()).toEqual([a.body.Id, b.body.Id].sort());
  });

  it('lists a segment’s export jobs: only those created with that SegmentId', async () => {
    const server = makeServer();
    await post(server, '/v1/apps/app1/jobs/export', EXPORT_JOB);
    await post(server, '/v1/apps/app1/jobs/export', { ...EXPORT_JOB, SegmentId: 'seg-1' });
    const mine = await post<ExportJob>(server, '/v1/apps/app1/jobs/export', {
      ...EXPORT_JOB,
      SegmentId: 'seg-9',
    });
    const reply = await get<ExportJobs>(server, '/v1/apps/app1/segments/seg-9/jobs/export');
    expect(reply.status).toBe(200);
    expect(reply.body.Item.map((j) => j.Id)).toEqual([mine.body.Id]);
    expect(reply.body.Item[0]?.Definition.SegmentId).toBe('seg-9');
    expectValid('pinpoint', reply.body, 'ExportJobsResponse');
  });
});

/* ------------------------------------------------------------------- Dakera */

interface ImportStatus {
  job_id: string;
  status: string;
  started_at: number;
  finished_at?: number;
}

describe('Dakera import status', () => {
  it('has no finished_at key while running', async () => {
    const server = makeServer();
    const job = server.createJob({ vendor: 'dakera', scenario: 'happy' });
    const reply = await get<ImportStatus>(server, `/v1/import/${job.id}/status`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      job_id: job.id,
      status: 'running',
      started_at: Math.floor(T0 / 1000),
    });
    expect('finished_at' in reply.body).toBe(false);
  });

  it.each([
    ['happy', 'completed', 30],
    ['failure', 'failed', 15],
  ])('a %s import ends %s with Unix-seconds finished_at', async (scenario, status, maxSeconds) => {
    const server = makeServer();
    const job = server.createJob({ vendor: 'dakera', scenario });
    server.clock.advance(DONE);
    const reply = await get<ImportStatus>(server, `/v1/import/${job.id}/status`);
    expect(reply.body.status).toBe(status);
    expect(Number.isInteger(reply.body.finished_at)).toBe(true);
    expect(reply.body.finished_at).toBeGreaterThanOrEqual(reply.body.started_at);
    expect(reply.body.finished_at).toBeLessThanOrEqual(reply.body.started_at + maxSeconds);
  });

  // The SDKs' ServerErrorCode list has no code for a missing job (NOT_FOUND maps to Unknown, and
  // NAMESPACE_NOT_FOUND would raise the Rust client's NamespaceNotFound): their own fixture for a
  // missing job is {"error":"Job not found"} with no code.
  it('answers 404 {"error": "Job not found"}, with no code, for an unknown job', async () => {
    const reply = await get<{ error: string; code?: string }>(makeServer(), '/v1/import/imp-unknown/status');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ error: 'Job not found' });
    expectValid('dakera', reply.body, 'ErrorResponse');
  });
});

/* ------------------------------------------------ bodies against the schemas */

interface SchemaCase {
  vendor: string;
  method: HttpMethod;
  /** The route as its lifecycle file declares it. */
  route: string;
  schema: string;
  /** Sends the route's requests on a fresh server; every reply must be 2xx with a valid body. */
  replies: (server: MockServer) => Promise<Reply<unknown>[]>;
}

/** Before start, mid-run and long after: every moment a client may poll at. */
const MOMENTS = [0, 5_000, 20_000, DONE];

/** One job per scenario of the vendor, polled at each moment. */
function everyScenario(vendor: string, path: (job: Job) => string, params?: Record<string, string>) {
  return (server: MockServer) => {
    const jobs = scenarios(server, vendor).map((scenario) =>
      server.createJob({ vendor, scenario, ...(params ? { params } : {}) }),
    );
    return overTime(server, MOMENTS, () => Promise.all(jobs.map((job) => get<unknown>(server, path(job)))));
  };
}

/** A list route with one job per scenario, read at each moment. */
function listed(vendor: string, path: string, params?: Record<string, string>) {
  return (server: MockServer) => {
    for (const scenario of scenarios(server, vendor))
      server.createJob({ vendor, scenario, ...(params ? { params } : {}) });
    return overTime(server, MOMENTS, async () => [await get<unknown>(server, path)]);
  };
}

function posthogCancel(root: Root) {
  return async (server: MockServer) => {
    const jobs = ['happy', 'slow', 'stuck'].map((scenario) =>
      server.createJob({ vendor: 'posthog', scenario }),
    );
    server.clock.advance(10_000);
    return Promise.all(jobs.map((job) => post<unknown>(server, `${runPath(job, root)}cancel/`)));
  };
}

const POSTHOG_BATCH_EXPORT = '0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60';
/** A PostHog route as the lifecycle file spells it, under either root. */
const posthogRoute = (root: Root, rest: string) =>
  `/api/${root}/${root === 'projects' ? '{project_id}' : '{environment_id}'}/batch_exports/{batch_export_id}/runs/${rest}`;

const SCHEMA_CASES: SchemaCase[] = [
  ...(['projects', 'environments'] as const).flatMap((root): SchemaCase[] => [
    {
      vendor: 'posthog',
      method: 'GET',
      route: posthogRoute(root, ''),
      schema: 'PaginatedBatchExportRunList',
      replies: listed('posthog', `/api/${root}/1/batch_exports/${POSTHOG_BATCH_EXPORT}/runs/`),
    },
    {
      vendor: 'posthog',
      method: 'GET',
      route: posthogRoute(root, '{id}/'),
      schema: 'BatchExportRun',
      replies: everyScenario('posthog', (job) => runPath(job, root)),
    },
    {
      vendor: 'posthog',
      method: 'POST',
      route: posthogRoute(root, '{id}/cancel/'),
      schema: 'BatchExportRunCancelResponse',
      replies: posthogCancel(root),
    },
    {
      vendor: 'posthog',
      method: 'POST',
      route: `/api/${root}/${root === 'projects' ? '{project_id}' : '{environment_id}'}/batch_exports/{batch_export_id}/backfills/`,
      schema: 'BatchExportBackfillCreated',
      replies: async (server) => [
        await post<unknown>(server, `/api/${root}/1/batch_exports/${POSTHOG_BATCH_EXPORT}/backfills/`, {
          start_at: '2025-12-31T22:00:00Z',
          end_at: '2026-01-01T00:00:00Z',
        }),
      ],
    },
  ]),
  {
    vendor: 'fullstory',
    method: 'POST',
    route: '/segments/v1/exports',
    schema: 'CreateSegmentExportResponse',
    replies: async (server) => [
      await post<unknown>(server, '/segments/v1/exports', SEGMENT_EXPORT),
      await post<unknown>(server, '/segments/v1/exports', { ...SEGMENT_EXPORT, format: 'FORMAT_CSV' }),
    ],
  },
  {
    vendor: 'fullstory',
    method: 'GET',
    route: '/operations/v1/{id}',
    schema: 'Operation',
    replies: everyScenario('fullstory', (job) => `/operations/v1/${job.id}`),
  },
  {
    vendor: 'fullstory',
    method: 'GET',
    route: '/operations/v1',
    schema: 'ListOperationsResponse',
    replies: listed('fullstory', '/operations/v1'),
  },
  {
    vendor: 'fullstory',
    method: 'GET',
    route: '/search/v1/exports/{id}/results',
    schema: 'ExportResultsResponse',
    replies: async (server) => {
      const jobs = ['happy', 'slow'].map((scenario) => server.createJob({ vendor: 'fullstory', scenario }));
      server.clock.advance(DONE);
      return Promise.all(
        jobs.map(async (job) => {
          const op = await get<Operation>(server, `/operations/v1/${job.id}`);
          return get<unknown>(server, `/search/v1/exports/${op.body.results?.searchExportId}/results`);
        }),
      );
    },
  },
  {
    vendor: 'fullstory-users-batch',
    method: 'POST',
    route: '/v2/users/batch',
    schema: 'CreateBatchUserImportJobResponse',
    replies: async (server) => [
      await post<unknown>(server, '/v2/users/batch', {
        requests: [{ uid: 'u-1' }, { uid: 'u-2', email: 'b@x.io' }],
      }),
    ],
  },
  {
    vendor: 'fullstory-users-batch',
    method: 'GET',
    route: '/v2/users/batch/{job_id}',
    schema: 'JobStatusResponse',
    replies: everyScenario('fullstory-users-batch', (job) => `/v2/users/batch/${job.id}`),
  },
  ...(['imports', 'errors'] as const).map((part) => ({
    vendor: 'fullstory-users-batch',
    method: 'GET' as const,
    route: `/v2/users/batch/{job_id}/${part}`,
    schema: part === 'imports' ? 'GetBatchUserImportsResponse' : 'GetBatchUserImportErrorsResponse',
    replies: async (server: MockServer) => {
      // Both through the create route (a job keeps its request): one happy, one failed.
      const ids: string[] = [];
      for (const scenario of ['happy', 'failure']) {
        const res = await server.app.request('/v2/users/batch', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-jobkit-scenario': scenario },
          body: JSON.stringify({ requests: [{ uid: 'u-1' }, { uid: 'u-2' }] }),
        });
        ids.push(((await res.json()) as { job: { id: string } }).job.id);
      }
      server.clock.advance(DONE);
      return Promise.all(ids.map((id) => get<unknown>(server, `/v2/users/batch/${id}/${part}`)));
    },
  })),
  {
    vendor: 'fullstory-events-batch',
    method: 'POST',
    route: '/v2/events/batch',
    schema: 'CreateBatchEventsImportJobResponse',
    replies: async (server) => [
      await post<unknown>(server, '/v2/events/batch', {
        requests: [{ name: 'Signup', user: { uid: 'u-1' } }, { name: 'Ping' }],
      }),
    ],
  },
  {
    vendor: 'fullstory-events-batch',
    method: 'GET',
    route: '/v2/events/batch/{job_id}',
    schema: 'JobStatusResponse',
    replies: everyScenario('fullstory-events-batch', (job) => `/v2/events/batch/${job.id}`),
  },
  ...(['imports', 'errors'] as const).map((part) => ({
    vendor: 'fullstory-events-batch',
    method: 'GET' as const,
    route: `/v2/events/batch/{job_id}/${part}`,
    schema: part === 'imports' ? 'GetBatchEventsImportsResponse' : 'GetBatchEventsImportErrorsResponse',
    replies: async (server: MockServer) => {
      // Both through the create route (a job keeps its request): one happy, one failed.
      const ids: string[] = [];
      for (const scenario of ['happy', 'failure']) {
        const res = await server.app.request('/v2/events/batch', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-jobkit-scenario': scenario },
          body: JSON.stringify({
            requests: [
              { name: 'Signup', user: { uid: 'u-1' }, session: { use_most_recent: true } },
              { name: 'Ping' },
            ],
            shared: { context: { browser: { url: 'https://x.test/' } } },
          }),
        });
        ids.push(((await res.json()) as { job: { id: string } }).job.id);
      }
      server.clock.advance(DONE);
      return Promise.all(ids.map((id) => get<unknown>(server, `/v2/events/batch/${id}/${part}`)));
    },
  })),
  {
    vendor: 'weaviate',
    method: 'POST',
    route: '/v1/export/{backend}',
    schema: 'ExportCreateResponse',
    replies: async (server) => {
      // One export at a time, as on a real cluster: each starts after the last finished.
      const out: Reply<unknown>[] = [];
      for (const backend of ['filesystem', 's3', 'gcs', 'azure']) {
        out.push(
          await post<unknown>(server, `/v1/export/${backend}`, { ...EXPORT_REQUEST, id: `exp-${backend}` }),
        );
        server.clock.advance(DONE);
      }
      out.push(await post<unknown>(server, '/v1/export/s3', { id: 'exp-all', file_format: 'parquet' }));
      return out;
    },
  },
  {
    vendor: 'weaviate',
    method: 'GET',
    route: '/v1/export/{backend}/{id}',
    schema: 'ExportStatusResponse',
    replies: everyScenario('weaviate', (job) => `/v1/export/${param(job, 'backend')}/${job.id}`),
  },
  {
    vendor: 'pinpoint',
    method: 'POST',
    route: '/v1/apps/{application-id}/jobs/export',
    schema: 'ExportJobResponse',
    replies: async (server) => [
      await post<unknown>(server, '/v1/apps/app1/jobs/export', EXPORT_JOB),
      await post<unknown>(server, '/v1/apps/app1/jobs/export', {
        ...EXPORT_JOB,
        SegmentId: 's',
        SegmentVersion: 1,
      }),
    ],
  },
  {
    vendor: 'pinpoint',
    method: 'GET',
    route: '/v1/apps/{application-id}/jobs/export',
    schema: 'ExportJobsResponse',
    replies: listed('pinpoint', '/v1/apps/app1/jobs/export', { 'application-id': 'app1' }),
  },
  {
    vendor: 'pinpoint',
    method: 'GET',
    route: '/v1/apps/{application-id}/jobs/export/{job-id}',
    schema: 'ExportJobResponse',
    replies: everyScenario('pinpoint', (job) => `/v1/apps/app1/jobs/export/${job.id}`, {
      'application-id': 'app1',
    }),
  },
  {
    vendor: 'pinpoint',
    method: 'GET',
    route: '/v1/apps/{application-id}/segments/{segment-id}/jobs/export',
    schema: 'ExportJobsResponse',
    replies: async (server) => {
      await post(server, '/v1/apps/app1/jobs/export', { ...EXPORT_JOB, SegmentId: 'seg-9' });
      await post(server, '/v1/apps/app1/jobs/export', {
        ...EXPORT_JOB,
        SegmentId: 'seg-9',
        SegmentVersion: 2,
      });
      return overTime(server, MOMENTS, async () => [
        await get<unknown>(server, '/v1/apps/app1/segments/seg-9/jobs/export'),
      ]);
    },
  },
  {
    vendor: 'pinpoint-import',
    method: 'POST',
    route: '/v1/apps/{application-id}/jobs/import',
    schema: 'ImportJobResponse',
    replies: async (server) => [
      await post<unknown>(server, '/v1/apps/app1/jobs/import', IMPORT_JOB),
      await post<unknown>(server, '/v1/apps/app1/jobs/import', {
        ...IMPORT_JOB,
        Format: 'JSON',
        DefineSegment: true,
        SegmentName: 'imported',
        RegisterEndpoints: false,
      }),
    ],
  },
  {
    vendor: 'pinpoint-import',
    method: 'GET',
    route: '/v1/apps/{application-id}/jobs/import',
    schema: 'ImportJobsResponse',
    replies: listed('pinpoint-import', '/v1/apps/app1/jobs/import', { 'application-id': 'app1' }),
  },
  {
    vendor: 'pinpoint-import',
    method: 'GET',
    route: '/v1/apps/{application-id}/jobs/import/{job-id}',
    schema: 'ImportJobResponse',
    replies: everyScenario('pinpoint-import', (job) => `/v1/apps/app1/jobs/import/${job.id}`, {
      'application-id': 'app1',
    }),
  },
  {
    vendor: 'pinpoint-import',
    method: 'GET',
    route: '/v1/apps/{application-id}/segments/{segment-id}/jobs/import',
    schema: 'ImportJobsResponse',
    replies: async (server) => {
      await post(server, '/v1/apps/app1/jobs/import', { ...IMPORT_JOB, SegmentId: 'seg-9' });
      return overTime(server, MOMENTS, async () => [
        await get<unknown>(server, '/v1/apps/app1/segments/seg-9/jobs/import'),
      ]);
    },
  },
  {
    vendor: 'dakera',
    method: 'GET',
    route: '/v1/import/{job_id}/status',
    schema: 'ImportJobStatus',
    replies: everyScenario('dakera', (job) => `/v1/import/${job.id}/status`),
  },
];

describe('2xx bodies validate against the schema their route declares', () => {
  it('covers every route whose lifecycle file declares a schema', () => {
    const declared = registry
      .names()
      .flatMap((vendor) =>
        (registry.get(vendor).lifecycle.api?.routes ?? [])
          .filter((route) => route.schema !== undefined)
          .map((route) => `${vendor} ${route.method} ${route.path} ${route.schema}`),
      );
    const tested = SCHEMA_CASES.map((c) => `${c.vendor} ${c.method} ${c.route} ${c.schema}`);
    expect(declared.length).toBeGreaterThan(0);
    expect([...tested].sort()).toEqual([...declared].sort());
  });

  it.each(SCHEMA_CASES)('$vendor $method $route → $schema', async (c) => {
    const replies = await c.replies(makeServer());
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) {
      expect(reply.status, reply.text).toBeGreaterThanOrEqual(200);
      expect(reply.status, reply.text).toBeLessThan(300);
      expectValid(c.vendor, reply.body, c.schema);
    }
  });
});

/* -------------------------------------------------- error bodies and 404s */

interface ErrorCase {
  vendor: string;
  what: string;
  schema: string;
  status: number;
  send: (server: MockServer) => Promise<Reply<unknown>>;
}

const ERROR_CASES: ErrorCase[] = [
  {
    vendor: 'posthog',
    what: 'unknown run',
    schema: 'ErrorResponse',
    status: 404,
    send: (s) => get(s, `/api/projects/1/batch_exports/${POSTHOG_BATCH_EXPORT}/runs/no-such-run/`),
  },
  {
    vendor: 'posthog',
    what: 'backfill with a bad start_at',
    schema: 'ErrorResponse',
    status: 400,
    send: (s) =>
      post(s, `/api/projects/1/batch_exports/${POSTHOG_BATCH_EXPORT}/backfills/`, {
        start_at: 'yesterday',
        end_at: '2026-01-01T03:00:00Z',
      }),
  },
  {
    vendor: 'posthog',
    what: 'cancel of a finished run',
    schema: 'ErrorResponse',
    status: 400,
    send: async (s) => {
      const job = s.createJob({ vendor: 'posthog', scenario: 'billing' });
      return post(s, `${runPath(job)}cancel/`);
    },
  },
  {
    vendor: 'fullstory',
    what: 'unknown operation',
    schema: 'ErrorResponse',
    status: 404,
    send: (s) => get(s, '/operations/v1/nope'),
  },
  {
    vendor: 'fullstory',
    what: 'invalid create',
    schema: 'ErrorResponse',
    status: 400,
    send: (s) => post(s, '/segments/v1/exports', { segmentId: 's1' }),
  },
  {
    vendor: 'fullstory',
    what: 'bad list limit',
    schema: 'ErrorResponse',
    status: 400,
    send: (s) => get(s, '/operations/v1?limit=0'),
  },
  {
    vendor: 'weaviate',
    what: 'unknown export',
    schema: 'ErrorResponse',
    status: 404,
    send: (s) => get(s, '/v1/export/s3/nope'),
  },
  {
    vendor: 'weaviate',
    what: 'unknown backend',
    schema: 'ErrorResponse',
    status: 422,
    send: (s) => get(s, '/v1/export/ftp/x'),
  },
  {
    vendor: 'weaviate',
    what: 'create without file_format',
    schema: 'ErrorResponse',
    status: 422,
    send: (s) => post(s, '/v1/export/s3', { id: 'exp-1' }),
  },
  {
    vendor: 'weaviate',
    what: 'duplicate id',
    schema: 'ErrorResponse',
    status: 409,
    send: async (s) => {
      await post(s, '/v1/export/s3', EXPORT_REQUEST);
      return post(s, '/v1/export/s3', EXPORT_REQUEST);
    },
  },
  {
    vendor: 'pinpoint',
    what: 'unknown job',
    schema: 'MessageBody',
    status: 404,
    send: (s) => get(s, '/v1/apps/app1/jobs/export/nope'),
  },
  {
    vendor: 'pinpoint',
    what: 'invalid create',
    schema: 'MessageBody',
    status: 400,
    send: (s) => post(s, '/v1/apps/app1/jobs/export', { RoleArn: 'arn:aws:iam::1:role/r' }),
  },
  {
    vendor: 'pinpoint',
    what: 'bad page-size',
    schema: 'MessageBody',
    status: 400,
    send: (s) => get(s, '/v1/apps/app1/jobs/export?page-size=0'),
  },
  {
    vendor: 'pinpoint-import',
    what: 'unknown job',
    schema: 'MessageBody',
    status: 404,
    send: (s) => get(s, '/v1/apps/app1/jobs/import/nope'),
  },
  {
    vendor: 'pinpoint-import',
    what: 'invalid create',
    schema: 'MessageBody',
    status: 400,
    send: (s) => post(s, '/v1/apps/app1/jobs/import', { ...IMPORT_JOB, Format: 'XML' }),
  },
  {
    vendor: 'dakera',
    what: 'unknown import',
    schema: 'ErrorResponse',
    status: 404,
    send: (s) => get(s, '/v1/import/nope/status'),
  },
];

describe('error bodies validate against the vendor’s error schema', () => {
  it.each(ERROR_CASES)('$vendor $what → $status $schema', async (c) => {
    const reply = await c.send(makeServer());
    expect(reply.status, reply.text).toBe(c.status);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expectValid(c.vendor, reply.body, c.schema);
  });

  it('an unknown route is a JSON 404 listing the vendor routes', async () => {
    const server = makeServer();
    const reply = await get<{ error: { code: string; message: string; routes: string[] } }>(
      server,
      '/v2/not/a/route',
    );
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    expect(reply.body.error.code).toBe('route_not_found');
    expect(reply.body.error.message).toContain('/v2/not/a/route');
    expect(reply.body.error.routes).toHaveLength(server.routes.length);
    for (const route of server.routes) {
      expect(reply.body.error.routes.some((line) => line.startsWith(`${route.method} ${route.path} `))).toBe(
        true,
      );
    }
    for (const vendor of registry.names()) {
      expect(reply.body.error.routes.some((line) => line.endsWith(`(${vendor})`))).toBe(true);
    }
  });
});

describe('fidelity fixes (each was a bug found against the vendor notes)', () => {
  const BE = '0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60';
  const runs = `/api/projects/1/batch_exports/${BE}/runs`;

  it('PostHog: a run cancelled while Starting keeps records_total_count null (the cancel endpoint writes only the status)', async () => {
    const server = makeServer();
    const job = server.createJob({ vendor: 'posthog', scenario: 'happy' });
    expect((await get(server, `${runs}/${job.id}/`)).body.status).toBe('Starting');
    expect((await post(server, `${runs}/${job.id}/cancel/`)).status).toBe(200);
    expect((await get(server, `${runs}/${job.id}/`)).body).toMatchObject({
      status: 'Cancelled',
      records_total_count: null,
      finished_at: null,
    });
    server.clock.advance(DONE);
    expect((await get(server, `${runs}/${job.id}/`)).body).toMatchObject({
      status: 'Cancelled',
      records_total_count: null,
      latest_error: 'Cancelled',
    });
  });

  it('PostHog: retrying an unknown run is 404 and creates nothing', async () => {
    const server = makeServer();
    const before = server.store.size;
    const res = await post(server, `${runs}/0190a3c2-0000-4000-8000-000000000000/retry/`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      type: 'invalid_request',
      code: 'not_found',
      detail: 'Not found.',
      attr: null,
    });
    expect(res.headers.get('x-jobkit-detail')).toMatch(/no posthog job/);
    expect(server.store.size).toBe(before);
  });

  it('PostHog: each run of a backfill covers its own hour', async () => {
    const server = makeServer();
    await post(server, `/api/projects/1/batch_exports/${BE}/backfills/`, {
      start_at: '2025-12-31T21:00:00Z',
      end_at: '2026-01-01T00:00:00Z',
    });
    // The runs are made one at a time: once the first two have finished, all three are listed.
    server.clock.advance(10 * 60_000);
    const list = await get<{ results: Record<string, unknown>[] }>(server, `${runs}/`);
    const intervals = list.body.results.map((r) => `${r.data_interval_start}/${r.data_interval_end}`).sort();
    expect(intervals).toEqual([
      '2025-12-31T21:00:00Z/2025-12-31T22:00:00Z',
      '2025-12-31T22:00:00Z/2025-12-31T23:00:00Z',
      '2025-12-31T23:00:00Z/2026-01-01T00:00:00Z',
    ]);
  });

  it.each(['Bad Id', 'UPPER', 'a/b', 'x'.repeat(129)])(
    'Weaviate: export id %j is refused with 422',
    async (id) => {
      const res = await post(makeServer(), '/v1/export/s3', { id, file_format: 'parquet' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        error: [
          {
            message: expect.stringMatching(
              /^export validation error: (invalid export id|export id too long)/,
            ),
          },
        ],
      });
    },
  );

  it('Weaviate: one export at a time (409 while another is active, 200 once it finished)', async () => {
    const server = makeServer();
    expect((await post(server, '/v1/export/s3', { id: 'exp-1', file_format: 'parquet' })).status).toBe(200);
    const busy = await post(server, '/v1/export/s3', { id: 'exp-2', file_format: 'parquet' });
    expect(busy.status).toBe(409);
    expect(busy.body).toEqual({
      error: [
        { message: 'prepare node weaviate-1: export already active: export "exp-1" already in progress' },
      ],
    });
    server.clock.advance(DONE);
    expect((await post(server, '/v1/export/s3', { id: 'exp-2', file_format: 'parquet' })).status).toBe(200);
  });

  // Faked filler must not invent keys; the lifecycle may add documented ones (FullStory's details: null).
  it.each(registry.names())('%s: bodies hold only declared or documented properties', (vendor) => {
    const server = makeServer();
    const root = registry.get(vendor).schemas.bundle.document.$defs[registry.get(vendor).root] as {
      properties: object;
    };
    const allowed = [
      ...Object.keys(root.properties),
      ...Object.keys(registry.get(vendor).lifecycle.body ?? {}),
    ];
    for (const scenario of Object.keys(registry.get(vendor).lifecycle.mock?.scenarios ?? {})) {
      const job = server.createJob({ vendor, scenario });
      for (const at of [0, DONE]) {
        const body = server.vendors.get(vendor)?.body(job, job.createdAt + at) ?? {};
        for (const key of Object.keys(body)) expect(allowed).toContain(key);
      }
    }
  });
});
