import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { mockApp, type TestMockOptions } from '../helpers/server.js';

/** The status answers' memos are bounded in bytes, not only entries: clients choose the paths. */

const registry = createRegistry();

// StatusAnswers itself, on Dakera's paths: its request window would leave them to Hono.
function make(extra: Partial<TestMockOptions> = {}) {
  return mockApp({
    registry,
    rateLimits: { dakera: false },
    seed: 6,
    clock: createManualClock(Date.UTC(2026, 0, 1)),
    ...extra,
  });
}

describe('StatusAnswers memos', () => {
  it('long unknown paths are routed each time, never remembered', () => {
    const { status } = make();
    for (let i = 0; i < 200; i++) {
      expect(status.answer(`/v1/import/${'x'.repeat(8000)}${i}/status`)?.status).toBe(404);
      expect(status.answer(`/nothing/${'y'.repeat(5000)}${i}`)).toBeUndefined();
    }
    expect(status.memoSize()).toMatchObject({ paths: 0, pathBytes: 0 });
  });

  it('the routing memo stays within its bytes, and still answers right after clearing', () => {
    const { status, createJob, statusPath } = make({ status: { pathBytes: 64 * 1024 } });
    const job = createJob({ vendor: 'dakera', scenario: 'stuck' });
    let most = 0;
    for (let i = 0; i < 2000; i++) {
      status.answer(`/v1/import/${'z'.repeat(900)}${i}/status`);
      most = Math.max(most, status.memoSize().pathBytes);
    }
    expect(most).toBeLessThanOrEqual(64 * 1024);
    expect(status.memoSize().paths).toBeGreaterThan(0);
    expect(status.answer(statusPath(job) as string)?.status).toBe(200);
  });

  it('renderings stay within their bytes, the oldest dropped first', () => {
    const server = make({ status: { bodies: 1000, bodyBytes: 4096 } });
    const jobs = Array.from({ length: 100 }, () =>
      server.createJob({ vendor: 'posthog', scenario: 'stuck' }),
    );
    let most = 0;
    for (const job of jobs) {
      const a = server.status.answer(server.statusPath(job) as string);
      expect(a?.status).toBe(200);
      expect(JSON.parse(a?.body as string).id).toBe(job.id);
      most = Math.max(most, server.status.memoSize().bodyBytes);
    }
    expect(most).toBeLessThanOrEqual(4096);
    const { bodies } = server.status.memoSize();
    expect(bodies).toBeGreaterThan(0);
    expect(bodies).toBeLessThan(100);
  });
});
