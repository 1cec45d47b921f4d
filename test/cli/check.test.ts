import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockState } from '../../src/mock/state.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli, ROOT, spawnCli } from '../helpers/cli.js';
import { useTempTrees } from '../helpers/fixtures.js';
import { scriptedServer } from '../helpers/scripted-server.js';
import { type Served, startServe } from '../helpers/serve.js';

const files = useTempTrees();

const SUITES = createRegistry()
  .names()
  .map((v) => join(ROOT, 'contracts', `${v}.yaml`));

describe('the shipped suites against `jobkit serve`', () => {
  let served: Served;
  beforeAll(async () => {
    served = await startServe(['--speed', '60', '--seed', '4']);
  });
  afterAll(async () => {
    expect(await served.stop()).toBe(0);
  });

  it('all pass, and the JUnit file parses as JUnit XML with one testcase per step', async () => {
    const dir = files({});
    const out = join(dir, 'junit.xml');
    const run = await spawnCli([
      'check',
      ...SUITES,
      '--base-url',
      served.origin,
      '--interval-ms',
      '50',
      '--reporter',
      'junit',
      '--output',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/28 checks: 28 passed, 0 failed/);
    expect(run.code).toBe(0);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      readFileSync(out, 'utf8'),
    );
    expect(xml.testsuites).toMatchObject({ tests: '28', failures: '0' });
    const suites = xml.testsuites.testsuite as {
      name: string;
      testcase: { name: string; classname: string; failure?: unknown }[];
    }[];
    expect(suites.map((s) => s.name).sort()).toEqual([
      'Amazon Pinpoint export job',
      'Amazon Pinpoint import job',
      'Dakera import job status',
      'FullStory batch events import job',
      'FullStory batch user import job',
      'FullStory segment export operation',
      'PostHog batch export runs',
      'Weaviate exports',
    ]);
    const cases = suites.flatMap((s) => s.testcase);
    expect(cases).toHaveLength(28);
    expect(cases.every((c) => c.classname.startsWith('jobkit.') && c.failure === undefined)).toBe(true);
  }, 60_000);

  it('quick mode polls a demo job to its end', async () => {
    const url = /dakera\s+happy\s+(\S+)/.exec(served.stdout())?.[1];
    expect(url).toMatch(/\/v1\/import\/imp-[0-9a-f]+\/status$/);
    const run = await spawnCli([
      'check',
      '--vendor',
      'dakera',
      '--url',
      String(url),
      '--interval-ms',
      '50',
      '--reporter',
      'json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ checks: 1, passed: 1, failed: 0, violations: 0 });
    // At --speed 60 the demo job may already be over: it must end completed, having run or not.
    expect(report.reports[0].cases[0].states.at(-1)).toBe('completed');
  }, 30_000);
});

describe('quick mode against a server with defects', () => {
  let server: Awaited<ReturnType<typeof scriptedServer>>;
  beforeAll(async () => {
    const body = (status: string, done: number) => ({
      ApplicationId: 'a',
      CreationDate: '2026-03-01T10:00:00.000Z',
      Definition: { RoleArn: 'r', S3UrlPrefix: 's3://b/' },
      Id: 'j',
      JobStatus: status,
      Type: 'EXPORT',
      CompletedPieces: done,
      TotalPieces: 4,
    });
    server = await scriptedServer({
      down: [
        body('PROCESSING', 3),
        body('PROCESSING', 1),
        { ...body('COMPLETED', 4), CompletionDate: '2026-03-01T10:01:00.000Z' },
      ],
    });
  });
  afterAll(() => server.close());

  it('exits 1 and names the rule, poll, pointer and values', async () => {
    const run = await cli([
      'check',
      '--vendor',
      'pinpoint',
      '--url',
      server.url('down', 'j'),
      '--interval-ms',
      '10',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ poll http:\/\/127\.0\.0\.1:\d+\/jobs\/down/);
    expect(run.stdout).toMatch(
      /monotonic {2}poll 2 \/CompletedPieces {2}went down from 3 to 1 \(previous 3, current 1\)/,
    );
    expect(run.stdout).toMatch(/1 check: 0 passed, 1 failed/);
  });
});

describe('recordings', () => {
  /** A real sequence, recorded from the mock with its clock moved between polls. */
  function recordPinpoint(): Record<string, unknown>[] {
    const mock = createMockState({
      registry: createRegistry(),
      seed: 2,
      clock: createManualClock(Date.UTC(2026, 2, 1)),
    });
    const job = mock.createJob({ vendor: 'pinpoint', scenario: 'happy' });
    const mv = mock.vendors.get('pinpoint');
    const out: Record<string, unknown>[] = [];
    for (let t = 0; t <= 120_000; t += 3000) out.push(mv?.body(job, job.createdAt + t) ?? {});
    return out;
  }
  const ndjson = (bodies: unknown[]) => `${bodies.map((b) => JSON.stringify(b)).join('\n')}\n`;
  const har = (entries: { url: string; body: unknown; status?: number; base64?: boolean }[]) => ({
    log: {
      version: '1.2',
      entries: entries.map((e, i) => {
        const text = JSON.stringify(e.body);
        return {
          startedDateTime: new Date(Date.UTC(2026, 2, 1, 10, 0, i)).toISOString(),
          request: { method: 'GET', url: e.url },
          response: {
            status: e.status ?? 200,
            content: {
              mimeType: 'application/json',
              ...(e.base64 ? { text: Buffer.from(text).toString('base64'), encoding: 'base64' } : { text }),
            },
          },
        };
      }),
    },
  });

  it('a clean NDJSON recording passes; the same with counters going down fails', async () => {
    const bodies = recordPinpoint();
    const dir = files({
      'ok.ndjson': ndjson(bodies),
      'bad.ndjson': ndjson([...bodies.slice(0, 12), bodies[3], ...bodies.slice(12)]),
    });
    const ok = await cli(['check', '--vendor', 'pinpoint', '--recording', join(dir, 'ok.ndjson')]);
    expect(ok.stdout).toMatch(/✓ recording .*ok\.ndjson .*CREATED → .*PROCESSING → COMPLETING → COMPLETED/);
    expect(ok.code).toBe(0);
    const bad = await cli(['check', '--vendor', 'pinpoint', '--recording', join(dir, 'bad.ndjson')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /monotonic {2}poll 13 \/CompletedPieces {2}went down from \d+ to \d+ \(previous \d+, current \d+\)/,
    );
  });

  it('a HAR file is filtered to the status URL; base64 bodies are decoded', async () => {
    const bodies = recordPinpoint();
    const status = 'https://pinpoint.us-east-1.amazonaws.com/v1/apps/a/jobs/export/j';
    const dir = files({
      'traffic.har': har([
        ...bodies.map((body, i) => ({ url: status, body, base64: i % 2 === 0 })),
        { url: 'https://pinpoint.us-east-1.amazonaws.com/v1/apps/a/jobs/export', body: { Item: [] } },
      ]),
    });
    const both = await cli(['check', '--vendor', 'pinpoint', '--recording', join(dir, 'traffic.har')]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/holds 2 different JSON GET URLs; pick the status URL with --url/);
    const filtered = await cli([
      'check',
      '--vendor',
      'pinpoint',
      '--recording',
      join(dir, 'traffic.har'),
      '--url',
      '/jobs/export/j',
    ]);
    expect(filtered.stdout).toMatch(new RegExp(`${bodies.length} polls`));
    expect(filtered.code).toBe(0);
  });

  it('a recorded 5xx and a non-JSON answer are failures', async () => {
    const bodies = recordPinpoint();
    const url = 'http://x/v1/apps/a/jobs/export/j';
    const dir = files({
      'errors.har': har([
        { url, body: bodies[0] },
        { url, body: { Message: 'boom' }, status: 500 },
        { url, body: bodies[40] },
      ]),
    });
    const run = await cli(['check', '--vendor', 'pinpoint', '--recording', join(dir, 'errors.har')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /http-status {2}poll 2 {2}recorded GET http:\/\/x\/v1\/apps\/a\/jobs\/export\/j answered 500/,
    );
  });

  it('an unreadable recording is exit 2, saying where', async () => {
    const dir = files({ 'broken.ndjson': '{"JobStatus":\n' });
    const run = await cli(['check', '--vendor', 'pinpoint', '--recording', join(dir, 'broken.ndjson')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/broken\.ndjson:1:14: invalid JSON/);
  });
});

describe('usage and input errors (exit 2, no stack trace)', () => {
  it.each([
    ['nothing to check', ['check'], /check needs suite files, or --vendor with --url or --recording/],
    ['--vendor alone', ['check', '--vendor', 'posthog'], /--vendor needs --url .* or --recording/],
    [
      'junit without a file',
      ['check', '--vendor', 'posthog', '--url', 'http://127.0.0.1:1/x', '--reporter', 'junit'],
      /--reporter junit writes a file: add --output FILE/,
    ],
    [
      'a URL that is not http',
      ['check', '--vendor', 'posthog', '--url', 'ftp://x'],
      /--url must be an http\(s\) URL/,
    ],
    [
      'a bad interval',
      ['check', '--vendor', 'posthog', '--url', 'http://x', '--interval-ms', 'soon'],
      /--interval-ms must be a whole number/,
    ],
    [
      'an empty timeout (not 0)',
      ['check', '--vendor', 'posthog', '--url', 'http://x', '--timeout-ms='],
      /--timeout-ms must be a whole number of milliseconds, not ""/,
    ],
    ['an unknown vendor', ['check', '--vendor', 'nope', '--url', 'http://x'], /Unknown vendor "nope"/],
    [
      'a missing suite',
      ['check', 'contracts/nope.yaml'],
      /Cannot read suite contracts\/nope\.yaml: no such file/,
    ],
  ])('%s', async (_name, argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('a suite that does not match its schema names the file and pointer', async () => {
    const dir = files({
      'bad.yaml': 'name: x\nvendor: posthog\nsteps:\n  - name: s\n    poll: { path: /x, intervalMs: soon }\n',
    });
    const run = await cli(['check', join(dir, 'bad.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml#\/steps\/0\/poll\/intervalMs: must be integer; got "soon"/);
  });

  it('a suite for an unknown vendor lists the known ones', async () => {
    const dir = files({
      'v.yaml': 'name: x\nvendor: postgres\nsteps:\n  - name: s\n    request: { path: /x }\n',
    });
    const run = await cli(['check', join(dir, 'v.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown vendor "postgres"/);
  });
});
