import { describe, expect, it } from 'vitest';
import { createManualClock, createRealClock } from '../../src/mock/clock.js';
import type { Timestamps } from '../../src/mock/state.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { readReply } from '../helpers/http.js';
import { mockApp } from '../helpers/server.js';

const T0 = Date.UTC(2026, 0, 1);
const SPEED = 60;
const HOUR = 3600_000;

type Export = { status: string; startedAt: string; completedAt: string; tookInMs?: number };

/** A sped-up real clock on a hand-moved wall clock (no test waits on time). */
function setup(timestamps: Timestamps) {
  let wallNow = T0;
  const clock = createRealClock({ speed: SPEED, now: () => wallNow });
  const server = mockApp({ registry: createRegistry(), seed: 7, clock, timestamps });
  return {
    server,
    clock,
    setWall: (ms: number) => {
      wallNow = ms;
    },
    async create(id: string) {
      const res = await server.app.request('/v1/export/filesystem', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id, file_format: 'parquet' }),
      });
      expect(res.status).toBe(200);
    },
    async read(id: string) {
      const reply = await readReply<Export>(await server.app.request(`/v1/export/filesystem/${id}`));
      expect(reply.status).toBe(200);
      return reply.body;
    },
  };
}

describe('--timestamps', () => {
  it('virtual: a sped-up job shows its finish ahead of the wall clock', async () => {
    const mock = setup('virtual');
    await mock.create('exp-v');
    const wall = T0 + 1000; // a minute of the mock: the export has finished
    mock.setWall(wall);
    const body = await mock.read('exp-v');
    expect(body.status).toBe('SUCCESS');
    expect(Date.parse(body.completedAt)).toBeGreaterThan(wall);
    expect(body.tookInMs).toBe(Date.parse(body.completedAt) - Date.parse(body.startedAt));
  });

  it('wall: times compressed by the speed, never after now, tookInMs agreeing with them', async () => {
    const virtual = setup('virtual');
    const walled = setup('wall');
    await virtual.create('exp-w');
    await walled.create('exp-w');
    const wall = T0 + 1000; // a minute of the mock: the export has finished
    virtual.setWall(wall);
    walled.setWall(wall);
    const v = await virtual.read('exp-w');
    const w = await walled.read('exp-w');
    expect(w.status).toBe('SUCCESS');
    expect(Date.parse(w.startedAt)).toBe(T0);
    const completed = Date.parse(w.completedAt);
    expect(completed).toBeLessThanOrEqual(wall);
    expect(w.tookInMs).toBe(completed - T0);
    // The same job, its duration divided by the speed (rounded to the ms).
    const virtualTook = v.tookInMs as number;
    expect(Math.abs((w.tookInMs as number) - virtualTook / SPEED)).toBeLessThanOrEqual(1);
  });

  it('wall: a skip ahead makes finished jobs older, still not after now', async () => {
    const mock = setup('wall');
    await mock.create('exp-a');
    const wall = T0 + 1000; // a minute of the mock: the export has finished
    mock.setWall(wall);
    const before = await mock.read('exp-a');
    mock.clock.advance(HOUR);
    const after = await mock.read('exp-a');
    expect(Date.parse(after.completedAt)).toBe(Date.parse(before.completedAt) - HOUR / SPEED);
    expect(Date.parse(after.startedAt)).toBeLessThanOrEqual(wall);
    expect(after.tookInMs).toBe(before.tookInMs);
  });

  it('wall on a manual clock shows the clock as it is', async () => {
    const server = mockApp({
      registry: createRegistry(),
      seed: 7,
      clock: createManualClock(T0),
      timestamps: 'wall',
    });
    const job = server.createJob({ vendor: 'weaviate' });
    const body = server.vendorOf('weaviate').body(job, T0) as Export;
    expect(Date.parse(body.startedAt)).toBe(T0);
  });
});
