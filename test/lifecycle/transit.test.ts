import { describe, expect, it } from 'vitest';
import type { Control, MockSpec } from '../../src/format/types.js';
import {
  endingsOf,
  endOf,
  enteredAt,
  type Job,
  planJob,
  type Snapshot,
  snapshotAt,
} from '../../src/lifecycle/engine.js';

/** A control that passes through a transit state: OpenAI's cancelling → cancelled. */
const cancel: Control = {
  state: 'cancelled',
  endedBy: 'cancel-endpoint',
  error: 'cancelled by the user',
  via: { state: 'cancelling', ms: [2000, 5000] },
};
const spec: MockSpec = {
  id: 'batch_{{hex:6}}',
  work: { total: 1000 },
  scenarios: {
    happy: {
      description: '',
      steps: [
        { state: 'validating', ms: 1000 },
        { state: 'in_progress', ms: 10_000, progress: [0, 1] },
        { state: 'completed' },
      ],
    },
  },
  controls: { complete: { state: 'completed' }, fail: { state: 'failed' }, cancel },
};
const states = {
  validating: {},
  in_progress: {},
  cancelling: {},
  completed: { terminal: 'success' as const },
  failed: { terminal: 'failure' as const },
  cancelled: { terminal: 'cancelled' as const },
};
const CREATED = 1_000_000;

function job(seed = 5): Job {
  return {
    id: 'j1',
    vendor: 'batchy',
    scenario: 'happy',
    seed,
    createdAt: CREATED,
    params: {},
    free: {},
    finishesAt: Number.POSITIVE_INFINITY,
  };
}

function snapAt(j: Job, at: number): Snapshot {
  return snapshotAt(
    j,
    planJob(spec, spec.scenarios.happy as MockSpec['scenarios'][string], j.seed, j.params),
    at,
    states,
  );
}

describe('a control with a transit (via)', () => {
  const T = CREATED + 6000;

  it('draws the transit length from the job seed, within the range, the same every time', () => {
    const lengths = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => {
      const end = endOf(job(seed), cancel, T, false);
      expect(end).toEqual(endOf(job(seed), cancel, T, false));
      return (end.via?.until ?? 0) - T;
    });
    for (const ms of lengths) {
      expect(ms).toBeGreaterThanOrEqual(2000);
      expect(ms).toBeLessThanOrEqual(5000);
    }
    expect(new Set(lengths).size).toBeGreaterThan(1);
  });

  it('lasts at least a millisecond, so the answer to the control shows the transit state', () => {
    const end = endOf(job(), { ...cancel, via: { state: 'cancelling', ms: 0 } }, T, false);
    expect(end.via).toEqual({ state: 'cancelling', until: T + 1 });
    const j = { ...job(), end };
    expect(snapAt(j, T).state).toBe('cancelling');
    expect(snapAt(j, T + 1).state).toBe('cancelled');
  });

  it('is in the transit state until T+ms, then in the final state, finished at T+ms; work stops at T', () => {
    const j = job();
    const before = snapAt(j, T);
    const end = endOf(j, cancel, T, false);
    j.end = end;
    const until = end.via?.until as number;

    const during = [T, T + 1, until - 1].map((at) => snapAt(j, at));
    for (const snap of during) {
      expect(snap).toMatchObject({ state: 'cancelling', updatedAt: T, started: true });
      expect(snap.terminal).toBeUndefined();
      expect(snap.finishedAt).toBeUndefined();
      expect(snap.endedBy).toBeUndefined();
      expect(snap.error).toBeUndefined();
      expect(snap.progress).toBe(before.progress);
      expect(snap.done).toBe(before.done);
      expect(enteredAt(snap, 'cancelling')).toBe(T);
      expect(enteredAt(snap, 'cancelled')).toBeUndefined();
      expect(enteredAt(snap, 'in_progress')).toBe(CREATED + 1000);
    }

    for (const at of [until, until + 60_000]) {
      const snap = snapAt(j, at);
      expect(snap).toMatchObject({
        state: 'cancelled',
        terminal: 'cancelled',
        finishedAt: until,
        updatedAt: until,
        endedBy: 'cancel-endpoint',
        error: 'cancelled by the user',
        progress: before.progress,
        done: before.done,
      });
      expect(enteredAt(snap, 'cancelling')).toBe(T);
      expect(enteredAt(snap, 'cancelled')).toBe(until);
    }
    // Before the control the job knows nothing of it.
    expect(snapAt(j, T - 1).state).toBe('in_progress');
  });

  it('a complete through a transit finishes the work when the transit ends, not before', () => {
    const j = job();
    const complete: Control = { state: 'completed', via: { state: 'cancelling', ms: 100 } };
    j.end = endOf(j, complete, T, true);
    expect(snapAt(j, T + 50).progress).toBeLessThan(1);
    expect(snapAt(j, T + 100)).toMatchObject({ state: 'completed', progress: 1, done: 1000 });
  });

  it('a control without a transit ends the job at once, as before', () => {
    const j = job();
    j.end = endOf(j, { state: 'failed' }, T, false);
    expect(j.end).toEqual({ at: T, state: 'failed', endedBy: 'admin' });
    const snap = snapAt(j, T);
    expect(snap).toMatchObject({ state: 'failed', finishedAt: T, endedAt: T });
    expect(snap.transit).toBeUndefined();
    expect(enteredAt(snap, 'failed')).toBe(T);
  });

  it("is no ending of the rule model: the control's final state is, before or after the job started", () => {
    const endings = endingsOf({ status: { field: '/status', states, transitions: {} }, mock: spec });
    expect(endings.filter((e) => e.endedBy === 'cancel-endpoint')).toEqual([
      { state: 'cancelled', terminal: 'cancelled', endedBy: 'cancel-endpoint', started: false },
      { state: 'cancelled', terminal: 'cancelled', endedBy: 'cancel-endpoint', started: true },
    ]);
    expect(endings.some((e) => e.state === 'cancelling')).toBe(false);
  });
});
