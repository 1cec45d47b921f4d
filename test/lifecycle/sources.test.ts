import { describe, expect, it } from 'vitest';
import type { Control, FieldSpec, MockSpec } from '../../src/format/types.js';
import { BodyRenderer, endOf, type Job, planJob, snapshotAt } from '../../src/lifecycle/engine.js';

/**
 * time.began and the in-flight counters over a job's life, read at chosen moments (a manual
 * clock): a queue with a retry and a cancel that passes through `cancelling`.
 */

const body: Record<string, FieldSpec> = {
  state: { from: 'state' },
  began: { from: 'time.began', format: 'unix-ms', unset: null },
  done: { from: 'count.done' },
  active: { from: 'count.active' },
  pending: { from: 'count.pending' },
  cancelled: { from: 'count.cancelled' },
};
const cancel: Control = { state: 'cancelled', via: { state: 'cancelling', ms: 3000 } };
const spec: MockSpec = {
  id: 'job-{{hex:6}}',
  work: { total: 1000 },
  scenarios: {
    happy: {
      description: '',
      steps: [
        { state: 'queued', ms: 1000 },
        { state: 'running', ms: 10_000, progress: [0, 1] },
        { state: 'done' },
      ],
    },
    retry: {
      description: 'runs a while, goes back to the queue, runs again',
      steps: [
        { state: 'queued', ms: 1000 },
        { state: 'running', ms: 2000, progress: [0, 0.2] },
        { state: 'queued', ms: 1000 },
        { state: 'running', ms: 8000, progress: [0.2, 1] },
        { state: 'done' },
      ],
    },
    broken: {
      description: '',
      steps: [
        { state: 'queued', ms: 1000 },
        { state: 'running', ms: 10_000, progress: [0, 0.5] },
        { state: 'failed' },
      ],
    },
  },
  controls: { complete: { state: 'done' }, fail: { state: 'failed' }, cancel },
};
const states = {
  queued: { initial: true },
  running: {},
  cancelling: {},
  done: { terminal: 'success' as const },
  failed: { terminal: 'failure' as const },
  cancelled: { terminal: 'cancelled' as const },
};
const CREATED = 1_000_000;

function job(scenario: string): Job {
  return {
    id: 'j1',
    vendor: 'acme',
    scenario,
    seed: 5,
    createdAt: CREATED,
    params: {},
    free: {},
    finishesAt: Number.POSITIVE_INFINITY,
  };
}

/** The rendered fields at each offset from creation. */
function life(j: Job, offsets: number[]): Record<string, unknown>[] {
  const plan = planJob(spec, spec.scenarios[j.scenario] as MockSpec['scenarios'][string], j.seed, j.params);
  const renderer = new BodyRenderer(body);
  return offsets.map((t) => renderer.render(j, snapshotAt(j, plan, CREATED + t, states)));
}

const row = (
  state: string,
  began: number | null,
  done: number,
  active: number,
  pending: number,
  cancelled = 0,
) => ({
  state,
  began,
  done,
  active,
  pending,
  cancelled,
});

describe('time.began: the first entry into a non-initial state', () => {
  it('unset while queued, then the start of running, kept to the end', () => {
    expect(life(job('happy'), [0, 999, 1000, 6000, 10_990, 11_000, 99_000])).toEqual([
      row('queued', null, 0, 0, 1000),
      row('queued', null, 0, 0, 1000),
      row('running', CREATED + 1000, 0, 50, 950),
      row('running', CREATED + 1000, 500, 50, 450),
      row('running', CREATED + 1000, 999, 1, 0),
      row('done', CREATED + 1000, 1000, 0, 0),
      row('done', CREATED + 1000, 1000, 0, 0),
    ]);
  });

  it('a retry back to the queue keeps the first start; nothing is in flight while queued again', () => {
    expect(life(job('retry'), [500, 1000, 2500, 3500, 4000, 12_000])).toEqual([
      row('queued', null, 0, 0, 1000),
      row('running', CREATED + 1000, 0, 50, 950),
      row('running', CREATED + 1000, 150, 50, 800),
      row('queued', CREATED + 1000, 200, 0, 800),
      row('running', CREATED + 1000, 200, 50, 750),
      row('done', CREATED + 1000, 1000, 0, 0),
    ]);
  });

  it('a failed job: nothing in flight, what it did not reach waits (pending), none cancelled', () => {
    expect(life(job('broken'), [6000, 11_000])).toEqual([
      row('running', CREATED + 1000, 250, 50, 700),
      row('failed', CREATED + 1000, 500, 0, 500),
    ]);
  });
});

describe('count.active, count.pending, count.cancelled through a cancel', () => {
  it('cancelled while running: in flight during cancelling, then the rest is cancelled', () => {
    const j = job('happy');
    j.end = endOf(j, cancel, CREATED + 6000, false);
    expect(j.end.via?.until).toBe(CREATED + 9000);
    expect(life(j, [5999, 6000, 8999, 9000, 60_000])).toEqual([
      row('running', CREATED + 1000, 499, 50, 451),
      row('cancelling', CREATED + 1000, 500, 50, 450),
      row('cancelling', CREATED + 1000, 500, 50, 450),
      row('cancelled', CREATED + 1000, 500, 0, 0, 500),
      row('cancelled', CREATED + 1000, 500, 0, 0, 500),
    ]);
  });

  it('cancelled while queued: never past its first step, so nothing ever in flight; it began when it left the queue', () => {
    const j = job('happy');
    j.end = endOf(j, cancel, CREATED + 500, false);
    expect(life(j, [499, 500, 3499, 3500])).toEqual([
      row('queued', null, 0, 0, 1000),
      row('cancelling', CREATED + 500, 0, 0, 1000),
      row('cancelling', CREATED + 500, 0, 0, 1000),
      row('cancelled', CREATED + 500, 0, 0, 0, 1000),
    ]);
  });

  it('the parts always add up to the total', () => {
    const j = job('retry');
    for (const b of life(j, [0, 1000, 1500, 3200, 5000, 9000, 13_000])) {
      const parts = [b.done, b.active, b.pending, b.cancelled] as number[];
      expect(parts.reduce((sum, n) => sum + n, 0)).toBe(1000);
    }
  });
});
