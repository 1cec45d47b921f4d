import {
  BadRequestException,
  CreateImportJobCommand,
  GetImportJobCommand,
  GetImportJobsCommand,
  GetSegmentImportJobsCommand,
  type ImportJobRequest,
  type ImportJobResponse,
  NotFoundException,
  PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { buildOpenApi } from '../../src/openapi/export.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid } from '../helpers/http.js';

/**
 * Pinpoint's endpoint import jobs, driven by the AWS SDK v3 as shipped against the mock on
 * 127.0.0.1: CreateImportJob (201), GetImportJob, GetImportJobs and GetSegmentImportJobs. One
 * server for the file on a manual clock that only moves forward; each test makes its own jobs.
 */

const VENDOR = 'pinpoint-import';
const T0 = Date.UTC(2026, 0, 1);
const MAX_POLLS = 200;
const APP = 'app1';
const REQUEST: ImportJobRequest = {
  Format: 'JSON',
  RoleArn: 'arn:aws:iam::123456789012:role/PinpointImport',
  S3Url: 's3://bucket/endpoints/all.json',
  RegisterEndpoints: true,
};

const registry = createRegistry();
let server: MockServer;
let client: PinpointClient;

beforeAll(async () => {
  server = await createMockServer({ registry: createRegistry(), seed: 14, clock: createManualClock(T0) });
  client = new PinpointClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
});

async function create(request: ImportJobRequest = REQUEST): Promise<ImportJobResponse> {
  const out = await client.send(
    new CreateImportJobCommand({ ApplicationId: APP, ImportJobRequest: request }),
  );
  expect(out.$metadata.httpStatusCode).toBe(201);
  return out.ImportJobResponse as ImportJobResponse;
}

/** GetImportJob until `done`, moving the clock `stepMs` between reads; every body is schema-valid. */
async function pollJob(id: string, done: (job: ImportJobResponse) => boolean, stepMs = 1000) {
  const seen: ImportJobResponse[] = [];
  for (let i = 0; i < MAX_POLLS; i++) {
    if (i > 0) server.clock.advance(stepMs);
    const out = await client.send(new GetImportJobCommand({ ApplicationId: APP, JobId: id }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    const job = out.ImportJobResponse as ImportJobResponse;
    expectValid(VENDOR, job, 'ImportJobResponse');
    seen.push(job);
    if (done(job)) return seen;
  }
  throw new Error(`not done after ${MAX_POLLS} polls; last: ${JSON.stringify(seen.at(-1))}`);
}

async function failure(send: Promise<unknown>): Promise<unknown> {
  return send.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('Pinpoint import jobs through @aws-sdk/client-pinpoint', () => {
  it('share the export jobs JobStatus enum and lifecycle', () => {
    const imports = registry.get(VENDOR);
    const exports = registry.get('pinpoint');
    const enumOf = (name: string) =>
      (registry.get(name).schemas.bundle.document.$defs as Record<string, { enum?: string[] }>).JobStatus
        ?.enum;
    expect(enumOf(VENDOR)).toEqual(enumOf('pinpoint'));
    expect(imports.states.map((s) => s.name)).toEqual(exports.states.map((s) => s.name));
    expect(imports.transitions).toEqual(exports.transitions);
  });

  it('CreateImportJob: 201, an id, CREATED, Type IMPORT, the request echoed as Definition', async () => {
    const job = await create();
    expectValid(VENDOR, job, 'ImportJobResponse');
    expect(job.Id).toMatch(/^[0-9a-f]{32}$/);
    expect(job).toMatchObject({ ApplicationId: APP, JobStatus: 'CREATED', Type: 'IMPORT' });
    expect(job.Definition).toEqual(REQUEST);
    expect(job.CreationDate).toBe(new Date(server.clock.now()).toISOString());
    expect(job.CompletionDate).toBeUndefined();
  });

  it('GetImportJob polled to COMPLETED: legal moves, pieces only grow, CompletionDate only at the end', async () => {
    const { Id } = await create();
    const seen = await pollJob(Id as string, (job) => job.JobStatus === 'COMPLETED');
    const states = seen.map((job) => job.JobStatus as string);
    expect([...new Set(states)]).toEqual([
      'CREATED',
      'PREPARING_FOR_INITIALIZATION',
      'INITIALIZING',
      'PROCESSING',
      'COMPLETING',
      'COMPLETED',
    ]);
    const transitions = registry.get(VENDOR).transitions;
    for (let i = 1; i < states.length; i++) {
      const [from, to] = [states[i - 1] as string, states[i] as string];
      if (from !== to) expect(transitions[from], `${from} → ${to}`).toContain(to);
    }
    let pieces = -1;
    for (const job of seen) {
      expect(job.Definition).toEqual(REQUEST);
      expect(job.CompletedPieces ?? 0).toBeGreaterThanOrEqual(pieces);
      pieces = job.CompletedPieces ?? 0;
    }
    for (const job of seen.slice(0, -1)) expect(job.CompletionDate, job.JobStatus).toBeUndefined();
    const last = seen.at(-1) as ImportJobResponse;
    expect(Date.parse(last.CompletionDate as string)).toBeGreaterThan(
      Date.parse(last.CreationDate as string),
    );
    expect(last.CompletedPieces).toBe(last.TotalPieces);
    expect(last.FailedPieces ?? 0).toBe(0);
  });

  it('a piece that fails ends the job FAILED, with FailedPieces and Failures', async () => {
    const job = server.state.createJob({
      vendor: VENDOR,
      scenario: 'partial-failure',
      params: { 'application-id': APP },
    });
    const seen = await pollJob(job.id, (j) => j.JobStatus === 'FAILED');
    const last = seen.at(-1) as ImportJobResponse;
    expect(last.FailedPieces).toBeGreaterThan(0);
    expect(last.Failures?.length).toBeGreaterThan(0);
    expect(last.Failures?.length).toBeLessThanOrEqual(100);
    expect(last.CompletionDate).toBeDefined();
    expect(seen.map((j) => j.JobStatus)).toContain('FAILING');
  });

  it('GetImportJobs with PageSize 1 follows NextToken through every job', async () => {
    const ids = [(await create()).Id, (await create()).Id] as string[];
    const listed: string[] = [];
    let token: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const out = await client.send(
        new GetImportJobsCommand({ ApplicationId: APP, PageSize: '1', ...(token ? { Token: token } : {}) }),
      );
      const page = out.ImportJobsResponse;
      expectValid(VENDOR, page, 'ImportJobsResponse');
      expect(page?.Item?.length).toBeLessThanOrEqual(1);
      for (const item of page?.Item ?? []) listed.push(item.Id as string);
      token = page?.NextToken;
      if (!token) break;
    }
    expect(token, 'the listing never ended').toBeUndefined();
    expect(new Set(listed).size).toBe(listed.length);
    for (const id of ids) expect(listed).toContain(id);
  });

  it('GetSegmentImportJobs lists only the jobs of that segment', async () => {
    const a = await create({ ...REQUEST, SegmentId: 'seg-a' });
    const b = await create({ ...REQUEST, SegmentId: 'seg-b' });
    const out = await client.send(
      new GetSegmentImportJobsCommand({ ApplicationId: APP, SegmentId: 'seg-a' }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    const items = out.ImportJobsResponse?.Item ?? [];
    expectValid(VENDOR, out.ImportJobsResponse, 'ImportJobsResponse');
    expect(items.map((j) => j.Id)).toEqual([a.Id]);
    expect(items.map((j) => j.Id)).not.toContain(b.Id);
  });

  it('export jobs and import jobs are kept apart', async () => {
    const job = await create();
    const error = await failure(
      client.send(new GetImportJobCommand({ ApplicationId: APP, JobId: `${job.Id}x` })),
    );
    expect(error).toBeInstanceOf(NotFoundException);
    const exportJob = server.state.createJob({ vendor: 'pinpoint', params: { 'application-id': APP } });
    const asImport = await failure(
      client.send(new GetImportJobCommand({ ApplicationId: APP, JobId: exportJob.id })),
    );
    expect(asImport).toBeInstanceOf(NotFoundException);
    expect((asImport as NotFoundException).$metadata.httpStatusCode).toBe(404);
  });

  it.each([
    ['without Format', { RoleArn: REQUEST.RoleArn, S3Url: REQUEST.S3Url }, /Format/],
    ['with Format XML', { ...REQUEST, Format: 'XML' }, /Format/],
    ['without S3Url', { Format: 'CSV', RoleArn: REQUEST.RoleArn }, /S3Url/],
  ])('a create %s: the SDK throws BadRequestException (400)', async (_what, request, message) => {
    const before = server.jobs.size;
    const error = await failure(
      client.send(
        new CreateImportJobCommand({ ApplicationId: APP, ImportJobRequest: request as ImportJobRequest }),
      ),
    );
    expect(error).toBeInstanceOf(BadRequestException);
    const e = error as BadRequestException;
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.message).toMatch(message);
    expect(server.jobs.size).toBe(before);
  });
});

describe('jobkit openapi', () => {
  it('shows the four import routes, CreateImportJob answering 201 with ImportJobResponse', () => {
    const doc = buildOpenApi({ registry, vendors: [VENDOR] }) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const base = '/v1/apps/{application-id}';
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        `${base}/jobs/import`,
        `${base}/jobs/import/{job-id}`,
        `${base}/segments/{segment-id}/jobs/import`,
      ].sort(),
    );
    const post = doc.paths[`${base}/jobs/import`]?.post;
    expect(Object.keys(post?.responses ?? {})).toContain('201');
    expect(JSON.stringify(post?.responses['201'])).toContain('ImportJobResponse');
    expect(Object.keys(doc.paths[`${base}/jobs/import/{job-id}`]?.get?.responses ?? {})).toContain('404');
  });
});
