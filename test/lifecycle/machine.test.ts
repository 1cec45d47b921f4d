import { describe, expect, it } from 'vitest';
import type { Condition, FieldSpec, MockSpec } from '../../src/format/types.js';
import {
  BodyRenderer,
  evaluate,
  type Job,
  planJob,
  type Snapshot,
  snapshotAt,
  TIME_FORMATS,
} from '../../src/lifecycle/engine.js';
import { createRandom, fillIdTemplate } from '../../src/lifecycle/random.js';

const body: Record<string, FieldSpec> = {
  id: { from: 'id' },
  state: { from: 'state' },
  done: { from: 'count.done' },
  pct: { from: 'progress', integer: true },
  finished: { from: 'time.finished', format: 'iso', unset: null },
  err: { from: 'error', when: 'failure', unset: '' },
  note: { from: 'const', value: 'x', when: { endedBy: ['admin'] } },
  entered: { from: 'time.entered:running', format: 'unix-ms' },
};
const renderBody = (fields: Record<string, FieldSpec>, j: Job, snap: Snapshot) =>
  new BodyRenderer(fields).render(j, snap);

const spec: MockSpec = {
  id: 'job-{{hex:6}}',
  work: { total: 1000, pieces: 4 },
  hooks: { 'piece-groups': { names: ['A'] } },
  scenarios: {
    happy: {
      description: '',
      steps: [
        { state: 'queued', ms: 1000 },
        { state: 'running', ms: 10_000, progress: [0, 1] },
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
      error: 'boom',
      failRate: 0.1,
    },
  },
  controls: { complete: { state: 'done' }, fail: { state: 'failed', error: 'stopped' } },
};
const states = {
  queued: {},
  running: {},
  done: { terminal: 'success' as const },
  failed: { terminal: 'failure' as const },
};

function job(scenario: 'happy' | 'broken', end?: Job['end']): Job {
  return {
    id: 'j1',
    vendor: 'acme',
    scenario,
    seed: 5,
    createdAt: 1_000_000,
    params: {},
    free: { extra: 'kept' },
    finishesAt: Number.POSITIVE_INFINITY,
    ...(end ? { end } : {}),
  };
}

/** The job's state at `at`: plans are derived from the seed, as the mock does. */
function snapAt(j: Job, at: number): Snapshot {
  const plan = planJob(spec, spec.scenarios[j.scenario] as MockSpec['scenarios'][string], j.seed, j.params);
  return snapshotAt(j, plan, at, states);
}

describe('snapshotAt and renderBody', () => {
  it.each([
    [0, { state: 'queued', done: 0, pct: 0, finished: null }],
    [1000 + 5000, { state: 'running', done: 500, pct: 50, finished: null, entered: 1_001_000 }],
    // Whole percents round down: 59.99 % is reported as 59 until the job really reaches 60 %.
    [1000 + 5999, { state: 'running', done: 599, pct: 59, finished: null }],
    [11_000, { state: 'done', done: 1000, pct: 100, finished: new Date(1_011_000).toISOString() }],
    [99_000, { state: 'done', done: 1000, pct: 100, finished: new Date(1_011_000).toISOString() }],
  ])('happy at +%i ms', (at, expected) => {
    const j = job('happy');
    expect(renderBody(body, j, snapAt(j, j.createdAt + at))).toMatchObject({
      ...expected,
      id: 'j1',
      err: '',
      extra: 'kept',
    });
  });

  it('a per-state time is absent until the job enters that state, then stays', () => {
    const j = job('happy');
    expect(renderBody(body, j, snapAt(j, j.createdAt + 999))).not.toHaveProperty('entered');
    for (const at of [1000, 5000, 60_000]) {
      expect(renderBody(body, j, snapAt(j, j.createdAt + at)).entered).toBe(j.createdAt + 1000);
    }
  });

  it('a failure freezes progress and counts failed records apart', () => {
    const j = job('broken');
    const snap = snapAt(j, j.createdAt + 60_000);
    expect(snap).toMatchObject({
      state: 'failed',
      terminal: 'failure',
      progress: 0.5,
      error: 'boom',
      finishedAt: j.createdAt + 11_000,
    });
    expect(snap.done + snap.failed).toBe(500);
    expect(snap.failed).toBe(50);
    expect(snap.pieces.map((p) => p.state)).toEqual(['done', 'done', 'failed', 'pending']);
  });

  it('an intervention ends the job at its moment, with its endedBy', () => {
    const j = job('happy', { at: 1_000_000 + 3000, state: 'failed', endedBy: 'admin', error: 'stopped' });
    expect(snapAt(j, j.createdAt + 2000).state).toBe('running');
    const after = snapAt(j, j.createdAt + 50_000);
    expect(after).toMatchObject({
      state: 'failed',
      finishedAt: j.createdAt + 3000,
      endedBy: 'admin',
      error: 'stopped',
    });
    expect(renderBody(body, j, after)).toMatchObject({ note: 'x', err: 'stopped' });
  });

  it('completing early jumps the work to done', () => {
    const j = job('happy', { at: 1_000_000 + 2000, state: 'done', endedBy: 'admin', finishWork: true });
    expect(snapAt(j, j.createdAt + 2500)).toMatchObject({
      state: 'done',
      done: 1000,
      progress: 1,
    });
  });
});

describe('conditions', () => {
  const snap = { state: 'failed', terminal: 'failure', started: true, endedBy: 'liveness' } as Snapshot;
  it.each([
    ['always', true],
    ['started', true],
    ['active', false],
    ['terminal', true],
    ['failure', true],
    ['success', false],
    [{ states: ['failed'] }, true],
    [{ endedBy: ['cancel'] }, false],
    [{ not: { endedBy: ['liveness'] } }, false],
    [{ all: ['terminal', { states: ['failed'] }] }, true],
    [{ any: ['success', 'cancelled'] }, false],
    ['promoted', false],
    [{ not: 'promoted' }, true],
  ] as [Condition, boolean][])('%j → %s', (condition, expected) => {
    expect(evaluate(condition, snap, { promoted: { not: { endedBy: ['liveness'] } } })).toBe(expected);
  });
});

describe('time formats', () => {
  const t = Date.UTC(2024, 6, 1, 1, 0, 5, 123);
  it.each([
    ['iso', '2024-07-01T01:00:05.123Z'],
    ['iso-seconds', '2024-07-01T01:00:05Z'],
    ['unix-s', 1719795605],
    ['unix-ms', t],
  ])('%s', (format, expected) => {
    expect(TIME_FORMATS[format]?.(t, 1)).toBe(expected);
  });

  it('iso-micro adds stable sub-millisecond digits', () => {
    const a = TIME_FORMATS['iso-micro']?.(t, 9) as string;
    expect(a).toMatch(/^2024-07-01T01:00:05\.123\d{3}Z$/);
    expect(TIME_FORMATS['iso-micro']?.(t, 9)).toBe(a);
  });
});

describe('ids', () => {
  it.each([
    ['{{uuid}}', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
    ['{{hex:32}}', /^[0-9a-f]{32}$/],
    ['imp-{{hex:16}}', /^imp-[0-9a-f]{16}$/],
    ['{{alnum:11}}', /^[A-Za-z0-9]{11}$/],
    ['export-{{lower:8}}', /^export-[a-z0-9]{8}$/],
    ['run-{{seq}}', /^run-7$/],
    ['{{digits:16}}', /^[1-9][0-9]{15}$/],
  ])('%s', (template, pattern) => {
    expect(fillIdTemplate(template, createRandom(1), 7)).toMatch(pattern);
  });
});

describe('renders of one plan', () => {
  // The mock keeps one plan per job and renders from it on every poll; what it reuses between
  // renders must not show: each body equals one rendered from a freshly derived plan.
  const memoBody: Record<string, FieldSpec> = {
    id: { from: 'id' },
    state: { from: 'state' },
    created: { from: 'time.created', format: 'iso-micro' },
    updated: { from: 'time.updated', format: 'iso-seconds' },
    finished: { from: 'time.finished', format: 'iso-micro', unset: null },
    expires: { from: 'time.finished', addMs: 3_600_000, floorMs: 60_000 },
    errors: { from: 'errors', max: 30, value: ['line {{n}}: bad', 'line {{n}}: worse'] },
    token: { from: 'template', value: 'tok-{{alnum:12}}-{{id}}' },
    tree: { from: 'pieces.tree', fields: { s: { from: 'piece.state' }, n: { from: 'piece.count' } } },
  };
  const derive = () => planJob(spec, spec.scenarios.broken as MockSpec['scenarios'][string], 5, {});
  const plan = derive();
  // One renderer for every render, as the mock keeps one per vendor; `fresh` starts from nothing.
  const kept = new BodyRenderer(memoBody);
  const render = (j: Job, at: number) => kept.render(j, snapshotAt(j, plan, at, states));
  const fresh = (j: Job, at: number) =>
    new BodyRenderer(memoBody).render(j, snapshotAt(j, derive(), at, states));

  it('moving forward and back in time', () => {
    const j = job('broken');
    for (const at of [0, 1500, 4000, 8000, 11_000, 60_000, 3000, 11_000, 500]) {
      expect(render(j, j.createdAt + at)).toEqual(fresh(j, j.createdAt + at));
    }
  });

  it('for another job sharing the plan', () => {
    const a = job('broken');
    const b = { ...job('broken'), id: 'j2', seed: 6 };
    for (const at of [2000, 60_000]) {
      expect(render(a, a.createdAt + at)).toEqual(fresh(a, a.createdAt + at));
      expect(render(b, b.createdAt + at)).toEqual(fresh(b, b.createdAt + at));
    }
  });

  it('hands out its own error list each time', () => {
    const j = job('broken');
    const first = render(j, j.createdAt + 60_000);
    (first.errors as string[]).push('changed');
    expect(render(j, j.createdAt + 60_000)).toEqual(fresh(j, j.createdAt + 60_000));
  });
});
