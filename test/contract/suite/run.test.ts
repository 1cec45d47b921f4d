import { afterEach, describe, expect, it } from 'vitest';
import { runSuite, runSuites } from '../../../src/contract/suite/run.js';
import type { StepSpec, Suite } from '../../../src/contract/suite/types.js';
import type { CheckReport } from '../../../src/contract/types.js';
import { JobkitError } from '../../../src/errors.js';
import { createRegistry } from '../../../src/vendors/registry.js';
import { type GatedServer, gatedServer } from '../../helpers/gated-server.js';

const registry = createRegistry();

/* Pinpoint export job bodies (botocore shape, unwrapped), as in test/contract/defects.test.ts. */
const job = (id: string, status: string, done: number, extra: Record<string, unknown> = {}) => ({
  ApplicationId: 'app1',
  CreationDate: '2026-03-01T10:00:00.000Z',
  Definition: { RoleArn: 'arn:aws:iam::1:role/r', S3UrlPrefix: 's3://b/p/' },
  Id: id,
  Type: 'EXPORT',
  JobStatus: status,
  CompletedPieces: done,
  FailedPieces: 0,
  TotalPieces: 8,
  TotalProcessed: done * 100,
  TotalFailures: 0,
  ...extra,
});
const lifecycle = (id: string) => [
  job(id, 'PROCESSING', 2),
  job(id, 'COMPLETED', 8, { CompletionDate: '2026-03-01T10:05:00.000Z' }),
];
/** A job that breaks a rule: its pieces go down. */
const broken = (id: string) => [
  job(id, 'PROCESSING', 5),
  job(id, 'PROCESSING', 3),
  ...lifecycle(id).slice(1),
];

const poll = (id: string, extra: Record<string, unknown> = {}): StepSpec => ({
  name: `poll ${id}`,
  poll: { path: `/jobs/${id}`, intervalMs: 10, timeoutMs: 5000, ...extra },
});
const suite = (name: string, steps: StepSpec[]): Suite => ({
  name,
  vendor: 'pinpoint',
  file: `${name}.yaml`,
  steps: steps as Suite['steps'],
});

let server: GatedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(scripts: Record<string, unknown[]>): Promise<GatedServer> {
  server = await gatedServer(scripts, { holdMs: 100 });
  return server;
}

/** What a report says, without the timings that differ from run to run. */
function content(reports: CheckReport[]) {
  return reports.map((r) => ({
    name: r.name,
    ok: r.ok,
    cases: r.cases.map((c) => ({
      name: c.name,
      ok: c.ok,
      skipped: c.skipped,
      polls: c.polls,
      states: c.states,
      rules: c.violations.map((v) => `${v.rule} ${v.poll} ${v.pointer}`),
    })),
  }));
}

describe('runSuites --concurrency', () => {
  const scripts = { a: lifecycle('a'), b: broken('b'), c: lifecycle('c') };
  const suites = () => [suite('A', [poll('a')]), suite('B', [poll('b')]), suite('C', [poll('c')])];

  it('suites run side by side: the server sees two requests in flight, the report is the sequential one', async () => {
    const inTurn = await serve(scripts);
    const sequential = await runSuites(suites(), { registry, baseUrl: inTurn.origin, concurrency: 1 });
    expect(inTurn.maxInFlight()).toBe(1);
    await inTurn.close();

    const side = await serve(scripts);
    const parallel = await runSuites(suites(), { registry, baseUrl: side.origin, concurrency: 3 });
    expect(side.maxInFlight()).toBeGreaterThanOrEqual(2);
    expect(content(parallel)).toEqual(content(sequential));
    expect(parallel.map((r) => r.name)).toEqual(['A', 'B', 'C']);
    expect(parallel.map((r) => r.ok)).toEqual([true, false, true]);
  });

  it('at most N requests at once, over suites and their poll steps', async () => {
    const s = await serve({ a: lifecycle('a'), b: lifecycle('b'), c: lifecycle('c'), d: lifecycle('d') });
    const reports = await runSuites(
      [suite('A', [poll('a'), poll('b')]), suite('B', [poll('c'), poll('d')])],
      {
        registry,
        baseUrl: s.origin,
        concurrency: 3,
      },
    );
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(s.maxInFlight()).toBeGreaterThanOrEqual(2);
    expect(s.maxInFlight()).toBeLessThanOrEqual(3);
  });
});

describe('poll steps within a suite', () => {
  it('independent polls overlap; a failure skips the steps after it as in a sequential run', async () => {
    const steps = [poll('a'), poll('b'), poll('c')];
    const first = await serve({ a: lifecycle('a'), b: broken('b'), c: lifecycle('c') });
    const sequential = await runSuite(suite('S', steps), { registry, baseUrl: first.origin });
    expect(first.maxInFlight()).toBe(1);
    await first.close();

    const second = await serve({ a: lifecycle('a'), b: broken('b'), c: lifecycle('c') });
    const parallel = await runSuite(suite('S', steps), { registry, baseUrl: second.origin, concurrency: 3 });
    expect(second.maxInFlight()).toBeGreaterThanOrEqual(2);
    expect(content([parallel])).toEqual(content([sequential]));
    expect(parallel.cases.map((c) => [c.ok, c.skipped === true])).toEqual([
      [true, false],
      [false, false],
      [true, true],
    ]);
  });

  it('a poll that uses what an earlier poll captures waits for it', async () => {
    const s = await serve({ a: lifecycle('a'), next: lifecycle('next') });
    const report = await runSuite(
      suite('S', [poll('a', { capture: { following: '/ApplicationId' } }), poll('{following}')]),
      { registry, baseUrl: s.origin, concurrency: 4 },
    );
    // /jobs/app1 does not exist: the second poll ran with the captured value, after the first ended.
    expect(s.seen.at(-1)).toBe('/jobs/app1');
    expect(s.seen.indexOf('/jobs/app1')).toBeGreaterThan(s.seen.lastIndexOf('/jobs/a'));
    expect(s.maxInFlight()).toBe(1);
    expect(report.cases[0]?.ok).toBe(true);
  });

  it('a request step waits for every step before it, and the polls after it wait for it', async () => {
    const s = await serve({ a: lifecycle('a'), r: [{}], b: lifecycle('b') });
    const report = await runSuite(
      suite('S', [poll('a'), { name: 'touch', request: { path: '/jobs/r' } }, poll('b')]),
      { registry, baseUrl: s.origin, concurrency: 4 },
    );
    expect(report.ok).toBe(true);
    expect(s.maxInFlight()).toBe(1);
    const r = s.seen.indexOf('/jobs/r');
    expect(s.seen.lastIndexOf('/jobs/a')).toBeLessThan(r);
    expect(s.seen.indexOf('/jobs/b')).toBeGreaterThan(r);
  });

  it('polls of the same path stay in order (the same job)', async () => {
    const s = await serve({ a: lifecycle('a') });
    await runSuite(suite('S', [poll('a'), { ...poll('a'), name: 'again' }]), {
      registry,
      baseUrl: s.origin,
      concurrency: 4,
    });
    expect(s.maxInFlight()).toBe(1);
  });
});

describe('usage errors before any request', () => {
  it('no base URL, an invalid one, an undefined variable: a JobkitError and no request sent', async () => {
    const s = await serve({ a: lifecycle('a') });
    const attempts: [Suite, string | undefined, RegExp][] = [
      [suite('S', [poll('a')]), undefined, /no base URL for the path "\/jobs\/a"/],
      [suite('S', [poll('a')]), 'notaurl', /"notaurl" is not an http\(s\) URL/],
      [suite('S', [poll('{nope}')]), s.origin, /\{nope\} is not defined/],
    ];
    for (const [bad, baseUrl, message] of attempts) {
      const run = runSuites([suite('ok', [poll('a')]), bad], {
        registry,
        ...(baseUrl === undefined ? {} : { baseUrl }),
      });
      await expect(run).rejects.toThrow(message);
      await expect(run).rejects.toBeInstanceOf(JobkitError);
    }
    expect(s.seen).toEqual([]);
  });
});
