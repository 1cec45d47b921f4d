import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/lifecycle/engine.js';
import { createManualClock } from '../../src/mock/clock.js';
import { JobStore } from '../../src/mock/store.js';
import { createRegistry } from '../../src/vendors/registry.js';
import {
  type TestMock as MockServer,
  type TestMockOptions as MockServerOptions,
  mockApp,
} from '../helpers/server.js';

/** The job store's bounds: a cap that evicts finished jobs first, and a TTL on finished jobs. */

const registry = createRegistry();
const START = Date.UTC(2026, 0, 1);

function makeServer(extra: Partial<MockServerOptions> = {}): MockServer {
  return mockApp({ registry, seed: 3, clock: createManualClock(START), ...extra });
}

const key = (job: Job) => `${job.vendor}/${job.id}`;
const ids = (jobs: Job[]) => jobs.map((j) => j.id);
const finishedAtNow = (server: MockServer) => (job: Job) =>
  server.vendors.get(job.vendor)?.finishedAt(job, server.clock.now());

describe('JobStore on its own', () => {
  /** Real jobs from a vendor; when they finish is given explicitly, as the store takes it. */
  function jobs(n: number): Job[] {
    const vendor = makeServer().vendors.get('dakera');
    if (!vendor) throw new Error('dakera is not served');
    return Array.from({ length: n }, (_, i) =>
      vendor.createJob({ scenario: 'stuck', now: START, id: `job-${i}` }),
    );
  }

  it('keeps jobs by vendor and id, lists them newest first, finds by bare id', () => {
    const store = new JobStore({ maxJobs: 10, finishedTtlMs: 1000 });
    const [a, b, c] = jobs(3) as [Job, Job, Job];
    for (const job of [a, b, c]) store.add(job, () => undefined);
    expect(store.size).toBe(3);
    expect(store.get('dakera', 'job-1')).toBe(b);
    expect(store.get('weaviate', 'job-1')).toBeUndefined();
    expect(ids(store.list())).toEqual(['job-2', 'job-1', 'job-0']);
    expect(store.list('weaviate')).toEqual([]);
    expect(store.findById('job-0')).toEqual([a]);
    expect(store.delete('dakera', 'job-0')).toBe(true);
    expect(store.delete('dakera', 'job-0')).toBe(false);
    store.clear();
    expect(store.size).toBe(0);
  });

  it('over the cap, the oldest finished job goes before any running one; then the oldest', () => {
    const store = new JobStore({ maxJobs: 3, finishedTtlMs: 1000 });
    const [a, b, c, d, e] = jobs(5) as [Job, Job, Job, Job, Job];
    const finished = new Set<Job>([b]);
    const finishedAt = (job: Job) => (finished.has(job) ? START : undefined);

    for (const job of [a, b, c]) store.add(job, finishedAt);
    store.add(d, finishedAt);
    expect(ids(store.list()).sort()).toEqual(['job-0', 'job-2', 'job-3']); // b went, though a is older
    store.add(e, finishedAt);
    expect(ids(store.list()).sort()).toEqual(['job-2', 'job-3', 'job-4']); // none finished: the oldest went
  });

  it('sweep forgets finished jobs only once they are older than the TTL', () => {
    const store = new JobStore({ maxJobs: 10, finishedTtlMs: 1000 });
    const [a, b, c] = jobs(3) as [Job, Job, Job];
    const at = new Map<Job, number>([
      [a, START],
      [b, START + 500],
    ]);
    const finishedAt = (job: Job) => at.get(job);
    for (const job of [a, b, c]) store.add(job, finishedAt);

    expect(store.sweep(START + 999, finishedAt)).toBe(0);
    expect(store.size).toBe(3);
    expect(store.sweep(START + 1001, finishedAt)).toBe(1);
    expect(ids(store.list())).toEqual(['job-2', 'job-1']);
    expect(store.sweep(START + 1501, finishedAt)).toBe(1);
    expect(store.sweep(START + 10_000_000, finishedAt)).toBe(0);
    expect(ids(store.list())).toEqual(['job-2']);
  });
});

describe('the cap, through createMockServer', () => {
  it('200 jobs with maxJobs 50: size stays ≤ 50 and running jobs outlive finished ones', async () => {
    const server = makeServer({ maxJobs: 50 });
    const stuck = Array.from({ length: 10 }, () => server.createJob({ vendor: 'dakera', scenario: 'stuck' }));
    const happy: Job[] = [];
    const vendors = registry.names();
    for (let i = 0; i < 190; i++) {
      happy.push(server.createJob({ vendor: vendors[i % vendors.length] as string, scenario: 'happy' }));
      expect(server.store.size).toBeLessThanOrEqual(50);
      server.clock.advance(60_000); // every happy job so far has finished
    }
    expect(server.store.size).toBe(50);
    const kept = new Set(server.store.list().map(key));
    for (const job of stuck) expect(kept.has(key(job)), job.id).toBe(true);
    expect(
      server.store
        .list()
        .filter((j) => j.scenario === 'happy')
        .map(key),
    ).toEqual(happy.slice(-40).reverse().map(key));

    // Over HTTP: the oldest running job still answers; an evicted finished one is gone.
    const alive = await server.app.request(server.statusPath(stuck[0] as Job) as string);
    expect(alive.status).toBe(200);
    const evicted = await server.app.request(server.statusPath(happy[0] as Job) as string);
    expect(evicted.status).toBe(404);
  });

  it('when every job is running, the oldest go', () => {
    const server = makeServer({ maxJobs: 50 });
    const all = Array.from({ length: 200 }, () =>
      server.createJob({ vendor: 'weaviate', scenario: 'stuck' }),
    );
    expect(server.store.size).toBe(50);
    expect(server.store.list().map(key)).toEqual(all.slice(-50).reverse().map(key));
  });

  it('jobs created through the admin API count against the cap too', async () => {
    const server = makeServer({ maxJobs: 5 });
    for (let i = 0; i < 12; i++) {
      const res = await server.app.request('/__jobkit/jobs', {
        method: 'POST',
        body: JSON.stringify({ vendor: 'fullstory', scenario: 'stuck' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(201);
    }
    expect(server.store.size).toBe(5);
    const list = (await (await server.app.request('/__jobkit/jobs')).json()) as { total: number };
    expect(list.total).toBe(5);
  });
});

describe('the finished-job TTL, through createMockServer', () => {
  it('sweep() removes jobs finished longer ago than the TTL; running jobs stay', async () => {
    const server = makeServer({ finishedTtlMs: 1000 });
    const vendors = registry.names();
    const happy = vendors.map((vendor) => server.createJob({ vendor, scenario: 'happy' }));
    const stuck = vendors.map((vendor) => server.createJob({ vendor, scenario: 'stuck' }));

    expect(server.sweep()).toBe(0); // nothing has finished yet
    server.clock.advance(60_000); // every happy lifecycle is over (the longest is 51 s)
    for (const job of happy)
      expect(finishedAtNow(server)(job), job.vendor).toBeLessThan(server.clock.now() - 1000);

    expect(server.sweep()).toBe(happy.length);
    expect(server.store.list().map(key).sort()).toEqual(stuck.map(key).sort());
    for (const job of happy) {
      const res = await server.app.request(server.statusPath(job) as string);
      expect(res.status, job.vendor).toBe(404);
    }
    server.clock.advance(24 * 3600_000);
    expect(server.sweep()).toBe(0);
    expect(server.store.size).toBe(stuck.length);
  });

  it.each([
    ['weaviate', 'complete'],
    ['dakera', 'fail'],
    ['posthog', 'cancel'],
  ])('a %s job ended by the admin API (%s) is swept once the TTL has passed', async (vendor, action) => {
    const server = makeServer({ finishedTtlMs: 1000 });
    const job = server.createJob({ vendor, scenario: 'stuck' });
    const other = server.createJob({ vendor, scenario: 'stuck' });
    server.clock.advance(5_000);
    const ended = await server.app.request(`/__jobkit/jobs/${job.id}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(ended.status).toBe(200);

    server.clock.advance(500);
    expect(server.sweep()).toBe(0);
    expect(server.store.get(vendor, job.id)).toBe(job);
    server.clock.advance(600);
    expect(server.sweep()).toBe(1);
    expect(server.store.get(vendor, job.id)).toBeUndefined();
    expect(server.store.get(vendor, other.id)).toBe(other);
  });

  it('every 1000th creation sweeps on its own', () => {
    const server = makeServer({ finishedTtlMs: 1000 });
    const done = server.createJob({ vendor: 'posthog', scenario: 'billing' }); // finished at birth
    server.clock.advance(2_000);
    for (let i = 0; i < 998; i++) server.createJob({ vendor: 'dakera', scenario: 'stuck' });
    expect(server.store.get('posthog', done.id)).toBe(done); // 999 creations: no sweep yet
    server.createJob({ vendor: 'dakera', scenario: 'stuck' });
    expect(server.store.get('posthog', done.id)).toBeUndefined();
    expect(server.store.size).toBe(999);
  });

  it('a sweep that forgets 5000 jobs or more asks for a full collection; smaller ones do not', () => {
    let collections = 0;
    const server = makeServer({ finishedTtlMs: 1000, collect: () => collections++ });
    // 'billing' jobs are finished at birth, so all of them expire together.
    for (let i = 0; i < 4999; i++) server.createJob({ vendor: 'posthog', scenario: 'billing' });
    server.clock.advance(2_000);
    expect(server.sweep()).toBe(4999);
    expect(collections).toBe(0);

    for (let i = 0; i < 5000; i++) server.createJob({ vendor: 'posthog', scenario: 'billing' });
    expect(collections).toBe(0); // the automatic sweeps ran before anything had expired
    server.clock.advance(2_000);
    expect(server.sweep()).toBe(5000);
    expect(collections).toBe(1);
  });
});

describe('property: any run of creations, clock moves and sweeps', () => {
  const cases = registry.names().flatMap((vendor) =>
    Object.keys(registry.get(vendor).lifecycle.mock?.scenarios ?? {}).map((scenario) => ({
      vendor,
      scenario,
    })),
  );

  type Step =
    | { kind: 'create'; vendor: string; scenario: string }
    | { kind: 'advance'; ms: number }
    | { kind: 'sweep' };

  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...cases).map((c) => ({ kind: 'create' as const, ...c })) },
    {
      weight: 3,
      arbitrary: fc.integer({ min: 0, max: 120_000 }).map((ms) => ({ kind: 'advance' as const, ms })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'sweep' as const }) },
  );

  it('never exceeds the cap, evicts finished before running, sweeps exactly the expired', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 15 }),
        fc.integer({ min: 0, max: 120_000 }),
        fc.array(step, { minLength: 1, maxLength: 60 }),
        (maxJobs, finishedTtlMs, steps) => {
          const server = makeServer({ maxJobs, finishedTtlMs });
          const finishedAt = finishedAtNow(server);
          for (const s of steps) {
            /** In insertion order, oldest first. */
            const before = server.store.list().reverse();
            if (s.kind === 'advance') {
              server.clock.advance(s.ms);
              expect(server.store.size).toBe(before.length);
            } else if (s.kind === 'sweep') {
              const now = server.clock.now();
              const expired = before.filter((j) => {
                const at = finishedAt(j);
                return at !== undefined && now - at > finishedTtlMs;
              });
              expect(server.sweep()).toBe(expired.length);
              const gone = new Set(expired.map(key));
              expect(server.store.list().reverse().map(key)).toEqual(
                before.filter((j) => !gone.has(key(j))).map(key),
              );
            } else {
              const job = server.createJob({ vendor: s.vendor, scenario: s.scenario });
              // Room is made before the new job goes in: it is never the one evicted.
              expect(server.store.get(job.vendor, job.id)).toBe(job);
              const candidates = [...before, job];
              const after = new Set(server.store.list().map(key));
              const evicted = candidates.filter((j) => !after.has(key(j)));
              expect(server.store.size).toBe(Math.min(maxJobs, candidates.length));
              expect(evicted.length).toBe(candidates.length - server.store.size);
              const [out] = evicted;
              if (out) {
                const firstFinished = before.find((j) => finishedAt(j) !== undefined);
                // The oldest finished job goes; only when none has finished does the oldest go.
                expect(key(out)).toBe(key(firstFinished ?? (before[0] as Job)));
              }
            }
            expect(server.store.size).toBeLessThanOrEqual(maxJobs);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('a sweep on a clock that moves while it walks', () => {
  it('removes exactly the jobs past the TTL when the sweep began', () => {
    let t = START;
    let ticking = false;
    // Each reading moves the clock on by 1 ms during the sweep, as a fast real clock would.
    const clock = {
      kind: 'real' as const,
      speed: 1,
      now: () => (ticking ? t++ : t),
      advance(ms: number) {
        t += ms;
      },
    };
    const server = makeServer({ clock, finishedTtlMs: 0 });
    const jobs = Array.from({ length: 200 }, () =>
      server.createJob({ vendor: 'posthog', scenario: 'happy' }),
    );
    const finishes = jobs.map((j) => j.finishesAt).sort((a, b) => a - b);
    // Half the jobs finished before the sweep; the rest finish while it would walk them.
    t = (finishes[99] as number) + 1;
    const start = t;
    const expected = jobs.filter((j) => start - j.finishesAt > 0).length;
    ticking = true;
    expect(server.sweep()).toBe(expected);
    ticking = false;
    expect(server.store.list().every((j) => start - j.finishesAt <= 0)).toBe(true);
  });
});
