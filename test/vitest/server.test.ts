import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/vendors/registry.js';
import { startMockServer, type TestMockServer } from '../../src/vitest/index.js';

/** A lifecycle driven by the manual clock: the test moves time, nothing sleeps. */
describe('startMockServer', () => {
  let mock: TestMockServer;
  beforeAll(async () => {
    mock = await startMockServer({ registry: createRegistry(), vendors: ['pinpoint'], seed: 3 });
  });
  afterAll(() => mock.close());

  it('listens on a free port on 127.0.0.1', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.url).not.toMatch(/:0$/);
  });

  it('a job progresses to a terminal state as the clock advances, and the log shows its polls', async () => {
    const job = mock.createJob('pinpoint', 'happy');
    expect(job.statusUrl).toMatch(new RegExp(`^${mock.url}/v1/apps/.+/jobs/export/${job.id}$`));
    const bodies: unknown[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await fetch(job.statusUrl as string);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { JobStatus: string };
      bodies.push(body);
      if (body.JobStatus === 'COMPLETED' || body.JobStatus === 'FAILED') break;
      mock.advance(5_000);
    }
    expect((bodies.at(-1) as { JobStatus: string }).JobStatus).toBe('COMPLETED');
    for (const body of bodies) expect(body).toMatchJobSchema('pinpoint', { strict: true });
    expect(bodies).toFollowJobLifecycle('pinpoint');

    const polls = mock.requests().filter((r) => r.job === job.id);
    expect(polls).toHaveLength(bodies.length);
    expect(polls[0]).toMatchObject({ method: 'GET', status: 200, vendor: 'pinpoint', terminal: false });
    expect(polls.at(-1)).toMatchObject({ state: 'COMPLETED', terminal: true });
    expect(polls[1]?.time).toBe((polls[0]?.time as number) + 5_000);
    expect(mock.requests()).toPollPolitely();
    expect(mock).toPollPolitely({ minIntervalMs: 5_000 });
    expect(mock).not.toPollPolitely({ minIntervalMs: 5_001 });
  });

  it('logs requests that are not status polls too, without a job', async () => {
    const res = await fetch(`${mock.url}/no/such/route`);
    await res.body?.cancel();
    expect(mock.requests().at(-1)).toEqual({
      method: 'GET',
      path: '/no/such/route',
      status: 404,
      time: mock.clock.now(),
    });
  });
});

describe('startMockServer request log', () => {
  it('keeps only the newest entries', async () => {
    const mock = await startMockServer({ registry: createRegistry(), vendors: ['pinpoint'], requestLog: 2 });
    try {
      for (const path of ['/a', '/b', '/c']) await (await fetch(`${mock.url}${path}`)).body?.cancel();
      expect(mock.requests().map((r) => r.path)).toEqual(['/b', '/c']);
    } finally {
      await mock.close();
    }
  });
});
