import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateExportJobCommand,
  type ExportJobResponse,
  GetExportJobCommand,
  PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkRecording } from '../../src/contract/recording.js';
import { createManualClock, createRealClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRecorder, type Recorder } from '../../src/record/recorder.js';
import type { WatchEvent } from '../../src/record/watch.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli } from '../helpers/cli.js';
import { retryAfterRelay } from '../helpers/retry-after-relay.js';

const registry = createRegistry();
const APP = 'app1';
const REQUEST = { RoleArn: 'arn:aws:iam::123456789012:role/r', S3UrlPrefix: 's3://bucket/prefix/' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jobkit-record-'));
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function mock(clock = createRealClock({ speed: 100 })): Promise<MockServer> {
  const server = await createMockServer({ registry: createRegistry(), seed: 3, clock });
  closers.push(() => server.close());
  return server;
}

async function recorder(options: Partial<Parameters<typeof createRecorder>[0]> & { target: string }) {
  const r = await createRecorder({ registry, port: 0, ...options });
  closers.push(() => r.close());
  return r;
}

const TERMINAL = new Set(['COMPLETED', 'FAILED']);

describe('jobkit record in front of the mock, with the AWS SDK Pinpoint client going through it', () => {
  it('judges the job live, writes a HAR that checks clean, redacts the SigV4 secrets, reports a clean client', async () => {
    const server = await mock();
    const events: WatchEvent[] = [];
    const out = join(dir, 'pinpoint.har');
    const rec = await recorder({
      target: server.url,
      out,
      client: { minIntervalMs: 40 },
      onEvent: (e) => events.push(e),
    });
    const client = new PinpointClient({
      region: 'us-east-1',
      endpoint: rec.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'SESSIONTOKEN' },
      maxAttempts: 1,
    });
    closers.push(async () => client.destroy());
    const created = await client.send(
      new CreateExportJobCommand({ ApplicationId: APP, ExportJobRequest: REQUEST }),
    );
    const id = created.ExportJobResponse?.Id as string;
    let job: ExportJobResponse | undefined;
    for (let i = 0; i < 200; i++) {
      const got = await client.send(new GetExportJobCommand({ ApplicationId: APP, JobId: id }));
      job = got.ExportJobResponse;
      if (TERMINAL.has(String(job?.JobStatus))) break;
      await sleep(60);
    }
    expect(TERMINAL.has(String(job?.JobStatus))).toBe(true);

    const summary = await rec.close();
    expect(summary.jobs).toHaveLength(1);
    const [seen] = summary.jobs;
    expect(seen?.vendor).toBe('pinpoint');
    expect(seen?.job).toBe(id);
    expect(seen?.result.violations).toEqual([]);
    expect(seen?.result.states.at(-1)).toBe(job?.JobStatus);
    expect(events.filter((e) => e.kind === 'violation')).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(['job', 'terminal']);
    expect(summary.client.ok).toBe(true);
    expect(summary.client.jobs[0]?.polls).toBe(seen?.result.polls);
    expect(summary.client.jobs[0]?.pollsAfterTerminal).toBe(0);
    expect(summary.files).toEqual([out]);

    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('SESSIONTOKEN');
    expect(text).not.toMatch(/Signature=[0-9a-f]/);
    const har = JSON.parse(text);
    expect(har.log.entries).toHaveLength(summary.exchanges);
    const auth = har.log.entries[0].request.headers.find((h: { name: string }) =>
      /^authorization$/i.test(h.name),
    );
    expect(auth.value).toBe('[redacted]');

    const report = await checkRecording({ vendor: registry.get('pinpoint'), file: out });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.cases[0]?.polls).toBe(seen?.result.polls);
    const run = await cli([
      'check',
      '--vendor',
      'pinpoint',
      '--recording',
      out,
      '--client-report',
      '--min-interval-ms',
      '40',
    ]);
    expect(run.stdout).toContain('How the client polled');
    expect(run.stdout).toContain('no finding');
    expect(run.code).toBe(0);
  });

  it('--no-redact keeps the secrets; NDJSON holds the status bodies, which check --recording reads', async () => {
    const server = await mock();
    const har = join(dir, 'kept.har');
    const rec = await recorder({ target: server.url, out: har, redact: false });
    const headers = { authorization: 'Bearer sk-live-123', 'x-api-key': 'key-456' };
    const job = (await (
      await fetch(`${rec.url}/v1/apps/${APP}/jobs/export`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(REQUEST),
      })
    ).json()) as { Id: string };
    await fetch(`${rec.url}/v1/apps/${APP}/jobs/export/${job.Id}`, { headers });
    await rec.close();
    const text = readFileSync(har, 'utf8');
    expect(text).toContain('sk-live-123');
    expect(text).toContain('key-456');

    const ndjson = join(dir, 'bodies.ndjson');
    const rec2 = await recorder({ target: server.url, out: ndjson });
    for (let i = 0; i < 3; i++) await fetch(`${rec2.url}/v1/apps/${APP}/jobs/export/${job.Id}`, { headers });
    await rec2.close();
    const lines = readFileSync(ndjson, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0] as string).Id).toBe(job.Id);
    const report = await checkRecording({ vendor: registry.get('pinpoint'), file: ndjson });
    expect(report.ok).toBe(true);
  });

  it('tells each job, its terminal status and each violation as it happens (a 404 on a status path)', async () => {
    const server = await mock(createManualClock());
    const events: WatchEvent[] = [];
    const rec = await recorder({ target: server.url, onEvent: (e) => events.push(e), vendors: ['pinpoint'] });
    const job = (await (
      await fetch(`${rec.url}/v1/apps/${APP}/jobs/export`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(REQUEST),
      })
    ).json()) as { Id: string };
    const url = `${rec.url}/v1/apps/${APP}/jobs/export/${job.Id}`;
    await fetch(url);
    server.clock.advance(3_600_000);
    await fetch(url);
    // A path of the status route for a job the mock does not know: a 404, an http-status violation.
    await fetch(`${rec.url}/v1/apps/${APP}/jobs/export/0000`);
    const violations = events.filter((e) => e.kind === 'violation');
    expect(violations.map((e) => e.kind === 'violation' && e.violation.rule)).toEqual(['http-status']);
    expect(events.filter((e) => e.kind === 'terminal')).toHaveLength(1);
    const summary = await rec.close();
    expect(summary.jobs).toHaveLength(2);
  });
});

describe('the client report, live from the proxy', () => {
  it('a client that polls too fast, ignores Retry-After and polls after terminal gets each rule id', async () => {
    const server = await mock(createManualClock());
    // Retry-After: 1 on the first two status answers (GET 1 and 2), none after.
    const relay = await retryAfterRelay(server.url, (n) => (n <= 2 ? '1' : undefined));
    closers.push(relay.close);
    const rec = await recorder({ target: relay.url, vendors: ['pinpoint'], client: { minIntervalMs: 500 } });
    const job = (await (
      await fetch(`${rec.url}/v1/apps/${APP}/jobs/export`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(REQUEST),
      })
    ).json()) as { Id: string };
    const url = `${rec.url}/v1/apps/${APP}/jobs/export/${job.Id}`;
    for (let i = 0; i < 4; i++) await fetch(url); // no wait at all
    server.clock.advance(3_600_000);
    await sleep(600);
    for (let i = 0; i < 3; i++) {
      await fetch(url);
      await sleep(550);
    }
    const summary = await rec.close();
    const polling = summary.client.jobs[0];
    expect(polling?.polls).toBe(7);
    expect(polling?.pollsAfterTerminal).toBe(2);
    expect(polling?.retryAfter).toEqual({ asked: 2, ignored: 2 });
    expect(summary.client.ok).toBe(false);
    const byRule = Object.fromEntries(summary.client.findings.map((f) => [f.rule, f]));
    expect(Object.keys(byRule).sort()).toEqual([
      'client-ignores-retry-after',
      'client-interval-too-short',
      'client-polls-after-terminal',
    ]);
    expect(byRule['client-ignores-retry-after']).toMatchObject({ poll: 2, count: 2 });
    expect(byRule['client-interval-too-short']).toMatchObject({ poll: 4, count: 1 });
    expect(byRule['client-polls-after-terminal']).toMatchObject({ poll: 6, count: 2 });
    // The contract itself was kept: the findings are the client's.
    expect(summary.jobs[0]?.result.violations).toEqual([]);
  });
});

describe('the proxy is bounded', () => {
  it('refuses a request body past the cap (413) and says so, and answers 502 when the target is gone', async () => {
    // Closed by the test itself, to be gone.
    const server = await createMockServer({
      registry: createRegistry(),
      seed: 3,
      clock: createManualClock(),
    });
    const rec: Recorder = await recorder({ target: server.url, maxBodyBytes: 100 });
    const big = await fetch(`${rec.url}/v1/apps/${APP}/jobs/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...REQUEST, pad: 'x'.repeat(500) }),
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/larger than 100 bytes/);
    const small = await fetch(`${rec.url}/v1/apps/${APP}/jobs/export/none`);
    expect(small.status).toBe(404);
    await server.close();
    const gone = await fetch(`${rec.url}/v1/apps/${APP}/jobs/export/none`);
    expect(gone.status).toBe(502);
    expect(await gone.text()).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+/);
  });

  it('answers 504 when the target stalls past the timeout', async () => {
    const { createServer } = await import('node:http');
    const stall = createServer(() => {
      // never answers
    });
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
    closers.push(
      () =>
        new Promise<void>((r) => {
          stall.closeAllConnections();
          stall.close(() => r());
        }),
    );
    const port = (stall.address() as { port: number }).port;
    const rec = await recorder({ target: `http://127.0.0.1:${port}`, timeoutMs: 300 });
    const started = Date.now();
    const answer = await fetch(`${rec.url}/v1/apps/${APP}/jobs/export/x`);
    expect(answer.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(3_000);
    const summary = await rec.close();
    expect(summary.jobs[0]?.result.violations.map((v) => v.rule)).toEqual(['connection']);
  });
});
