import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { type HostileServer, hostileServer } from '../helpers/hostile-server.js';

/* A Pinpoint export job as the real API sends it; the URL asks for job1. */
const job = (id = 'job1', status = 'PROCESSING') => ({
  ApplicationId: 'app1',
  CreationDate: '2026-03-01T10:00:00.000Z',
  Definition: { RoleArn: 'arn:aws:iam::1:role/r', S3UrlPrefix: 's3://b/p/' },
  Id: id,
  Type: 'EXPORT',
  JobStatus: status,
  CompletedPieces: 1,
  FailedPieces: 0,
  TotalPieces: 8,
  TotalProcessed: 100,
  TotalFailures: 0,
});
/* A PostHog batch export run: what a wrong --vendor pinpoint is pointed at. */
const run = {
  id: '0190a3c4-1111-7abc-8def-0123456789ab',
  status: 'Running',
  records_completed: null,
  records_failed: null,
  latest_error: null,
  data_interval_start: '2026-03-01T09:00:00Z',
  data_interval_end: '2026-03-01T10:00:00Z',
  cursor: null,
  created_at: '2026-03-01T10:00:05.123456Z',
  finished_at: null,
  last_updated_at: '2026-03-01T10:00:05.123456Z',
  records_total_count: null,
  bytes_exported: null,
  batch_export: '0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60',
  backfill: null,
};

const TIMEOUT = 1500;
const INTERVAL = 200;
/* Loose on purpose: the machine is shared; what matters is that nothing runs on unbounded. */
const SLACK = 2000;

let server: HostileServer;
beforeAll(async () => {
  server = await hostileServer({
    stall: { kind: 'stall-after-headers', body: job() },
    reset: { kind: 'reset-mid-body', body: job() },
    endless: { kind: 'endless' },
    gzip: { kind: 'gzip-garbage' },
    deep: { kind: 'deep-json', depth: 100_000 },
    'retry-0': { kind: 'retry-after', header: '0' },
    'retry-negative': { kind: 'retry-after', header: '-1' },
    'retry-fraction': { kind: 'retry-after', header: '0.5' },
    'retry-huge': { kind: 'retry-after', header: '999999' },
    'retry-past': { kind: 'retry-after', header: 'Wed, 21 Oct 2015 07:28:00 GMT' },
    'retry-garbage': { kind: 'retry-after', header: 'soon, maybe' },
    'wrong-job': { kind: 'json', body: job('job2') },
    'wrong-vendor': { kind: 'json', body: run },
    hang: { kind: 'answer-then-hang', body: job() },
    'hang-first': { kind: 'answer-then-hang', body: job() },
  });
});
afterAll(() => server.close());

interface Outcome {
  code: number;
  ms: number;
  stderr: string;
  rules: string[];
  messages: string[];
  notes: string[];
}

async function check(route: string, extra: string[] = []): Promise<Outcome> {
  const started = performance.now();
  const run = await cli([
    'check',
    '--vendor',
    'pinpoint',
    '--url',
    server.url(route, 'job1'),
    '--interval-ms',
    String(INTERVAL),
    '--timeout-ms',
    String(TIMEOUT),
    '--reporter',
    'json',
    ...extra,
  ]);
  const ms = performance.now() - started;
  const report = JSON.parse(run.stdout) as {
    reports: { cases: { violations: { rule: string; message: string }[]; notes: string[] }[] }[];
  };
  const c = report.reports[0]?.cases[0];
  return {
    code: run.code,
    ms,
    stderr: run.stderr,
    rules: c?.violations.map((v) => v.rule) ?? [],
    messages: c?.violations.map((v) => v.message) ?? [],
    notes: c?.notes ?? [],
  };
}

describe('check against a hostile server: a verdict and an exit code within the timeout, never a crash', () => {
  it.each([
    [
      'a body that stalls after the headers',
      'stall',
      'connection',
      /sent its headers, then its body stalled .*1500 ms timeout/,
    ],
    [
      'a connection reset in the middle of the body',
      'reset',
      'connection',
      /broke off while sending its body/,
    ],
    ['an endless body', 'endless', 'body-too-large', /more than 8,388,608 bytes \(8 MiB\)/],
    ['gzip garbage', 'gzip', 'json-body', /cannot be decoded as content-encoding "gzip"/],
    ['JSON nested 100,000 deep', 'deep', 'json-body', /nested deeper than 1000 levels/],
  ])('%s: %s → %s, exit 1', async (_what, route, rule, message) => {
    const out = await check(route);
    expect(out.stderr).toBe('');
    expect(out.rules).toEqual([rule]);
    expect(out.messages[0]).toMatch(message);
    expect(out.code).toBe(1);
    expect(out.ms).toBeLessThan(TIMEOUT + SLACK);
  });

  it('a smaller --max-body-bytes is the cap', async () => {
    const out = await check('wrong-vendor', ['--max-body-bytes', '100']);
    expect(out.rules).toEqual(['body-too-large']);
    expect(out.messages[0]).toMatch(/more than 100 bytes/);
    expect(out.code).toBe(1);
  });

  it.each([
    ['0', 'retry-0', /Retry-After: 0 s asked; waited 200 ms, the poll interval/],
    [
      '-1',
      'retry-negative',
      /Retry-After: "-1" is neither a number of seconds nor an HTTP date; waited 200 ms/,
    ],
    ['0.5', 'retry-fraction', /Retry-After: 0\.5 s asked; waited 500 ms as asked/],
    [
      'a past date',
      'retry-past',
      /Retry-After: Wed, 21 Oct 2015 07:28:00 GMT asked \(a time already past\); waited 200 ms/,
    ],
    ['garbage', 'retry-garbage', /Retry-After: "soon, maybe" is neither/],
  ])(
    'Retry-After %s: waits at least the interval, no hammering, ends at the timeout',
    async (_what, route, note) => {
      const out = await check(route);
      expect(out.notes[0]).toMatch(note);
      expect(out.rules).toEqual(['terminal-timeout']);
      expect(out.code).toBe(1);
      expect(out.ms).toBeLessThan(TIMEOUT + SLACK);
      expect(server.requests(route)).toBeGreaterThan(1);
      expect(server.requests(route)).toBeLessThanOrEqual(TIMEOUT / INTERVAL + 2);
    },
  );

  it('a server that stops answering once the job was seen: the timeout (terminal-timeout and a note), not a connection failure', async () => {
    const out = await check('hang');
    expect(out.rules).toEqual(['terminal-timeout']);
    expect(out.notes.join('\n')).toMatch(/no answer before the timeout; the 1500 ms timeout ended the run/);
    expect(out.code).toBe(1);
    expect(out.ms).toBeLessThan(TIMEOUT + SLACK);
  });

  it('a server that never answers at all: a connection failure (nothing was seen)', async () => {
    await fetch(server.url('hang-first', 'job1')); // spend its one answer: it hangs from now on
    const out = await check('hang-first');
    expect(out.rules).toEqual(['connection']);
    expect(out.messages[0]).toMatch(/no answer before the timeout/);
    expect(out.code).toBe(1);
  });

  it('Retry-After 999999: waits the time left (not more), says so, and ends at the timeout', async () => {
    const out = await check('retry-huge');
    expect(out.notes).toHaveLength(1);
    expect(out.notes[0]).toMatch(
      /^answered 503; Retry-After: 999999 s asked; waited 1,\d{3} ms, the time left$/,
    );
    expect(out.rules).toEqual(['terminal-timeout']);
    expect(out.ms).toBeGreaterThan(TIMEOUT - 100);
    expect(out.ms).toBeLessThan(TIMEOUT + SLACK);
    expect(server.requests('retry-huge')).toBe(1);
  });

  it("another job's body is id-matches-request, with the static-mock hint; at once", async () => {
    const out = await check('wrong-job');
    expect(out.rules).toEqual(['id-matches-request']);
    expect(out.messages[0]).toMatch(/answered job "job2", not the requested job "job1"/);
    expect(out.messages[0]).toMatch(/static mock \(e\.g\. Prism\).*--allow-static/);
    expect(out.code).toBe(1);
    expect(out.ms).toBeLessThan(SLACK);
  });

  it('--allow-static accepts it on purpose: the note, the schema results, exit 0', async () => {
    const out = await check('wrong-job', ['--allow-static']);
    expect(out.rules).toEqual([]);
    expect(out.notes.join(' ')).toMatch(/looks like a static mock \(e\.g\. Prism\): it answers job "job2"/);
    expect(out.code).toBe(0);
  });

  it('a first body without the status field stops at once: is this the right vendor? and which it matches', async () => {
    const before = server.requests('wrong-vendor');
    const out = await check('wrong-vendor');
    expect(out.rules).toEqual(['status-known']);
    expect(out.messages[0]).toMatch(
      /the first body has no status at \/JobStatus, where pinpoint keeps it: is this the right vendor\? It matches the schema of posthog: pass --vendor posthog\./,
    );
    expect(out.code).toBe(1);
    expect(server.requests('wrong-vendor') - before).toBe(1);
  });
});
