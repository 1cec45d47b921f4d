import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/lifecycle/engine.js';
import { createManualClock } from '../../src/mock/clock.js';
import { EvictedJobs } from '../../src/mock/evicted.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { mockApp, type TestMockOptions } from '../helpers/server.js';

/** Running jobs the cap evicted: their 404s say so, and the operator hears it once per burst. */

const registry = createRegistry();

// StatusAnswers itself, on Dakera's paths: its request window would leave them to Hono.
function make(extra: Partial<TestMockOptions> = {}) {
  return mockApp({
    registry,
    rateLimits: { dakera: false },
    seed: 4,
    clock: createManualClock(Date.UTC(2026, 0, 1)),
    ...extra,
  });
}

describe('evicted running jobs', () => {
  it('a finished job evicted is plainly not found; a running one evicted says it was evicted', async () => {
    const notices: string[] = [];
    const server = make({ maxJobs: 3, notice: (l) => notices.push(l) });
    const done = server.createJob({ vendor: 'dakera', scenario: 'happy' });
    server.clock.advance(3_600_000);
    const running = Array.from({ length: 3 }, () =>
      server.createJob({ vendor: 'dakera', scenario: 'stuck' }),
    );
    expect(notices).toEqual([]); // the finished one went first
    server.createJob({ vendor: 'dakera', scenario: 'stuck' });
    server.createJob({ vendor: 'dakera', scenario: 'stuck' });

    const detail = async (job: Job) => {
      const res = await server.app.request(server.statusPath(job) as string);
      expect(res.status).toBe(404);
      return res.headers.get('x-jobkit-detail');
    };
    expect(await detail(done)).toMatch(/^no dakera job/);
    expect(await detail(running[0] as Job)).toMatch(/was evicted while running: --max-jobs/);
    expect(await detail(running[1] as Job)).toMatch(/was evicted while running/);
    // The newest running one is still held.
    expect((await server.app.request(server.statusPath(running[2] as Job) as string)).status).toBe(200);
    // The fast path (StatusAnswers) says the same.
    expect(
      server.status.answer(server.statusPath(running[0] as Job) as string)?.headers['X-Jobkit-Detail'],
    ).toMatch(/evicted/);

    // Two evictions, one burst, one notice naming the first.
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/--max-jobs 3 is full of running jobs/);
    expect(notices[0]).toContain(JSON.stringify(running[0]?.id));

    const admin = await server.app.request(`/__jobkit/jobs/${running[0]?.id}?vendor=dakera`);
    expect(admin.status).toBe(404);
    expect(((await admin.json()) as { error: { message: string } }).error.message).toMatch(
      /evicted while running/,
    );
  });

  it('a job created anew under an evicted id is no longer the evicted one', () => {
    const server = make({ maxJobs: 1 });
    server.createJob({ vendor: 'weaviate', scenario: 'stuck', id: 'a' });
    server.createJob({ vendor: 'weaviate', scenario: 'stuck', id: 'b' });
    expect(server.store.wasEvicted('weaviate', 'a')).toBe(true);
    server.createJob({ vendor: 'weaviate', scenario: 'stuck', id: 'a' });
    expect(server.store.wasEvicted('weaviate', 'a')).toBe(false);
    expect(server.store.wasEvicted('weaviate', 'b')).toBe(true);
    server.reset();
    expect(server.store.wasEvicted('weaviate', 'b')).toBe(false);
  });
});

describe('EvictedJobs', () => {
  it('is bounded in entries and in bytes, forgetting the oldest', () => {
    const few = new EvictedJobs(3, 1_000);
    for (const id of ['1', '2', '3', '4']) few.add('v', id);
    expect(few.size).toBe(3);
    expect(few.has('v', '1')).toBe(false);
    expect(few.has('v', '4')).toBe(true);

    const small = new EvictedJobs(1_000, 1_000);
    for (let i = 0; i < 100; i++) small.add('v', `${i}`.padEnd(100, 'x'));
    expect(small.size).toBeLessThanOrEqual(10);
    expect(small.has('v', '99'.padEnd(100, 'x'))).toBe(true);
  });
});
