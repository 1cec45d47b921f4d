import { startMockServer, type TestMockServer } from 'jobkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A real server on a free port, a manual clock: the test moves time, nothing sleeps.
describe('startMockServer from the installed jobkit/vitest', () => {
  let mock: TestMockServer;
  beforeAll(async () => {
    mock = await startMockServer({ vendors: ['pinpoint'], seed: 3 });
  });
  afterAll(() => mock.close());

  it('a job reaches a terminal state as the clock advances, and was polled politely', async () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    const job = mock.createJob('pinpoint', 'happy');
    const bodies: { JobStatus: string }[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await fetch(job.statusUrl as string);
      expect(res.status).toBe(200);
      bodies.push((await res.json()) as { JobStatus: string });
      if (['COMPLETED', 'FAILED'].includes(bodies.at(-1)?.JobStatus as string)) break;
      mock.advance(5_000);
    }
    expect(bodies.length).toBeGreaterThan(1);
    expect(bodies[0]?.JobStatus).toBe('CREATED');
    expect(bodies.at(-1)?.JobStatus).toBe('COMPLETED');
    for (const body of bodies) expect(body).toMatchJobSchema('pinpoint', { strict: true });
    expect(bodies).toFollowJobLifecycle('pinpoint');
    expect(mock.requests().filter((r) => r.job === job.id)).toHaveLength(bodies.length);
    expect(mock).toPollPolitely({ minIntervalMs: 5_000 });
    expect(mock).not.toPollPolitely({ minIntervalMs: 5_001 });
  });
});
