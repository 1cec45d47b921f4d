import { afterAll, describe, expect, it } from 'vitest';
import type { FieldSpec, VendorFile } from '../../src/format/types.js';
import { SequenceChecker } from '../../src/rules/check.js';
import { buildRuleModel } from '../../src/rules/model.js';
import { createRegistry, type Vendor } from '../../src/vendors/registry.js';
import { tempTree } from '../helpers/fixtures.js';

const trees: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of trees) cleanup();
});

/** OpenAI's batch states: cancelling reaches only cancelled, finalizing only the ends of work. */
const batchStatus: VendorFile['status'] = {
  field: '/status',
  states: {
    validating: { initial: true },
    in_progress: {},
    finalizing: {},
    cancelling: {},
    completed: { terminal: 'success' },
    failed: { terminal: 'failure' },
    cancelled: { terminal: 'cancelled' },
  },
  transitions: {
    validating: ['in_progress', 'failed', 'cancelling'],
    in_progress: ['finalizing', 'failed', 'cancelling'],
    finalizing: ['completed', 'failed'],
    cancelling: ['cancelled'],
  },
};

/** A queue that retries: a running job may go back to queued. */
const retryStatus: VendorFile['status'] = {
  field: '/status',
  states: {
    queued: { initial: true },
    running: {},
    done: { terminal: 'success' },
    failed: { terminal: 'failure' },
  },
  transitions: { queued: ['running', 'failed'], running: ['queued', 'done', 'failed'] },
};

const unix = (from: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  from,
  format: 'unix-s',
  unset: null,
  ...extra,
});

function load(status: VendorFile['status'], body: Record<string, FieldSpec>, rules?: object): Vendor {
  const tree = tempTree({
    'schemas/own/Job.json': { type: 'object', properties: { status: { type: 'string' } } },
    'mocks/own/lifecycle.json': {
      title: 'Own',
      schema: { root: 'Job' },
      status,
      body: { status: { from: 'state' }, ...body },
      ...(rules ? { rules } : {}),
    },
  });
  trees.push(tree.cleanup);
  return createRegistry({ roots: [tree.dir], builtins: false }).get('own');
}

const batchBody = {
  created_at: unix('time.created'),
  in_progress_at: unix('time.entered:in_progress'),
  finalizing_at: unix('time.entered:finalizing'),
  completed_at: unix('time.entered:completed'),
  cancelling_at: unix('time.entered:cancelling'),
};
const batches = load(batchStatus, batchBody);

const T = 1_780_000_000;
const NONE = { in_progress_at: null, finalizing_at: null, completed_at: null, cancelling_at: null };
const batch = (status: string, times: Record<string, number | null> = {}) => ({
  status,
  created_at: T,
  ...NONE,
  ...times,
});

function found(vendor: Vendor, bodies: object[]): [string, string][][] {
  const checker = new SequenceChecker(vendor, { schema: false });
  return bodies.map((b) => checker.check(b).map((v) => [v.rule, v.pointer]));
}

describe('state-time: a per-state time is unset until the job can have entered its state', () => {
  it('a batch that validates, runs, finalizes and completes breaks nothing', () => {
    expect(
      found(batches, [
        batch('validating'),
        batch('in_progress', { in_progress_at: T + 1 }),
        batch('finalizing', { in_progress_at: T + 1, finalizing_at: T + 9 }),
        batch('completed', { in_progress_at: T + 1, finalizing_at: T + 9, completed_at: T + 10 }),
      ]),
    ).toEqual([[], [], [], []]);
  });

  it('the model: each field must be unset where no state of its own reaches the status', () => {
    const unsetIn = Object.fromEntries(
      buildRuleModel(batches).stateTimes.map((f) => [f.pointer, [...f.unsetIn].sort()]),
    );
    expect(unsetIn).toEqual({
      '/in_progress_at': ['validating'],
      '/finalizing_at': ['cancelled', 'cancelling', 'in_progress', 'validating'],
      '/completed_at': ['cancelled', 'cancelling', 'failed', 'finalizing', 'in_progress', 'validating'],
      '/cancelling_at': ['completed', 'failed', 'finalizing', 'in_progress', 'validating'],
    });
  });

  it('completed_at set while in_progress: the pointer, the state and why', () => {
    const checker = new SequenceChecker(batches, { schema: false });
    const [violation, ...rest] = checker.check(
      batch('in_progress', { in_progress_at: T, completed_at: T + 5 }),
    );
    expect(rest).toEqual([]);
    expect(violation).toEqual({
      rule: 'state-time',
      poll: 1,
      pointer: '/completed_at',
      message:
        '/completed_at is set while the status is in_progress, before the job can have entered completed',
      current: T + 5,
    });
  });

  it('cancelling_at set in completed: cancelling cannot reach completed', () => {
    expect(
      found(batches, [batch('completed', { in_progress_at: T, cancelling_at: T, completed_at: T })]),
    ).toEqual([[['state-time', '/cancelling_at']]]);
  });

  it('a time of a state that reaches the status may be set: in_progress_at in cancelled, cancelling_at in cancelled', () => {
    expect(found(batches, [batch('cancelled', { in_progress_at: T, cancelling_at: T + 1 })])).toEqual([[]]);
  });

  it('a skipped state: a poller that missed in_progress and finalizing may see their times, or none', () => {
    expect(
      found(batches, [
        batch('validating'),
        batch('completed', { in_progress_at: T + 1, finalizing_at: T + 2, completed_at: T + 3 }),
      ]),
    ).toEqual([[], []]);
    expect(found(batches, [batch('validating'), batch('completed', { completed_at: T + 3 })])).toEqual([
      [],
      [],
    ]);
  });

  it('the unset forms count as unset: absent, null, and the declared unset value', () => {
    const zero = load(batchStatus, { completed_at: unix('time.entered:completed', { unset: 0 }) });
    expect(found(zero, [{ status: 'in_progress', completed_at: 0 }, { status: 'in_progress' }])).toEqual([
      [],
      [],
    ]);
    expect(found(zero, [{ status: 'in_progress', completed_at: null }])).toEqual([[]]);
    expect(found(zero, [{ status: 'in_progress', completed_at: T }])).toEqual([
      [['state-time', '/completed_at']],
    ]);
  });

  it('a status the vendor does not know, or none, demands nothing of the times', () => {
    expect(found(batches, [{ completed_at: T }])).toEqual([[]]);
    expect(
      found(batches, [batch('paused', { completed_at: T })])
        .flat()
        .map(([r]) => r),
    ).toEqual(['status-known']);
  });
});

describe('state-time: a per-state time never changes once set', () => {
  it('a set time that changes', () => {
    expect(
      found(batches, [
        batch('in_progress', { in_progress_at: T }),
        batch('in_progress', { in_progress_at: T + 60 }),
      ]),
    ).toEqual([[], [['state-time', '/in_progress_at']]]);
  });

  it('a set time that goes unset again, where no `when` says it may', () => {
    const checker = new SequenceChecker(batches, { schema: false });
    checker.check(batch('in_progress', { in_progress_at: T }));
    expect(checker.check(batch('finalizing', { finalizing_at: T + 1 }))).toEqual([
      {
        rule: 'state-time',
        poll: 2,
        pointer: '/in_progress_at',
        message: '/in_progress_at was set (the job entered in_progress) and is unset again',
        previous: T,
        current: null,
      },
    ]);
  });

  it('a `when` that unsets it later is documented: only "unset" is ever demanded', () => {
    const vendor = load(batchStatus, {
      in_progress_at: unix('time.entered:in_progress', { when: 'active' }),
      report: { from: 'object', when: 'active', fields: { began: unix('time.entered:in_progress') } },
    });
    expect(
      found(vendor, [
        { status: 'in_progress', in_progress_at: T, report: { began: T } },
        { status: 'completed', in_progress_at: null },
      ]),
    ).toEqual([[], []]);
    expect(found(vendor, [{ status: 'validating', report: { began: T } }])).toEqual([
      [['state-time', '/report/began']],
    ]);
  });

  it('is switched off by the rules section', () => {
    const vendor = load(batchStatus, batchBody, { 'state-time': { off: true } });
    expect(
      found(vendor, [
        batch('in_progress', { completed_at: T }),
        batch('in_progress', { completed_at: T + 1 }),
      ]),
    ).toEqual([[], []]);
  });

  it('a field with a fallback carries no per-state promise (its fallback fills it)', () => {
    const vendor = load(batchStatus, {
      completed_at: unix('time.entered:completed', { fallback: { from: 'time.created', format: 'unix-s' } }),
    });
    expect(buildRuleModel(vendor).stateTimes).toEqual([]);
  });
});

describe('state-time for time.began: unset while the job waits in an initial state', () => {
  const body = {
    created_at: unix('time.created'),
    started_at: unix('time.began'),
    running_at: unix('time.entered:running'),
    finished_at: unix('time.finished'),
  };

  it('set in the initial state of a queue that never goes back: a violation, with why', () => {
    const vendor = load(
      { ...retryStatus, transitions: { queued: ['running', 'failed'], running: ['done', 'failed'] } },
      body,
    );
    const checker = new SequenceChecker(vendor, { schema: false });
    expect(checker.check({ status: 'queued', created_at: T, started_at: T + 1 })).toEqual([
      {
        rule: 'state-time',
        poll: 1,
        pointer: '/started_at',
        message:
          '/started_at is set while the status is queued, before the job can have entered a non-initial state',
        current: T + 1,
      },
    ]);
    expect(buildRuleModel(vendor).stateTimes.map((f) => [f.pointer, [...f.unsetIn]])).toEqual([
      ['/started_at', ['queued']],
      ['/running_at', ['queued']],
    ]);
  });

  it('a retry loop (running → queued) relaxes it: a job back in the queue keeps its start', () => {
    const vendor = load(retryStatus, body);
    expect(buildRuleModel(vendor).stateTimes.map((f) => [f.pointer, [...f.unsetIn]])).toEqual([
      ['/started_at', []],
      ['/running_at', []],
    ]);
    expect(
      found(vendor, [
        { status: 'queued', created_at: T },
        { status: 'running', created_at: T, started_at: T + 1, running_at: T + 1 },
        { status: 'queued', created_at: T, started_at: T + 1, running_at: T + 1 },
        { status: 'running', created_at: T, started_at: T + 1, running_at: T + 1 },
        { status: 'done', created_at: T, started_at: T + 1, running_at: T + 1, finished_at: T + 9 },
      ]),
    ).toEqual([[], [], [], [], []]);
    // Relaxed, not off: a start that moves is still one.
    expect(
      found(vendor, [
        { status: 'running', created_at: T, started_at: T + 1 },
        { status: 'queued', created_at: T, started_at: T + 5 },
      ]),
    ).toEqual([[], [['state-time', '/started_at']]]);
  });

  it('is the started time of time-order when the vendor declares no time.started: created ≤ began ≤ finished', () => {
    const vendor = load(retryStatus, body);
    const model = buildRuleModel(vendor);
    expect(model.timeOrder).toEqual({
      createdStarted: { earlier: '/created_at', later: '/started_at' },
      startedFinished: { earlier: '/started_at', later: '/finished_at' },
    });
    expect(found(vendor, [{ status: 'running', created_at: T, started_at: T - 60 }])).toEqual([
      [['time-order', '/started_at']],
    ]);
    expect(
      found(vendor, [{ status: 'done', created_at: T, started_at: T + 60, finished_at: T + 30 }]),
    ).toEqual([[['time-order', '/finished_at']]]);
  });

  it('a declared time.started stays the started time; time.began then only carries state-time', () => {
    const vendor = load(retryStatus, { ...body, submitted_at: unix('time.started') });
    expect(buildRuleModel(vendor).timeOrder.createdStarted.later).toBe('/submitted_at');
    expect(
      found(vendor, [
        { status: 'done', created_at: T, submitted_at: T, started_at: T + 60, finished_at: T + 30 },
      ]),
    ).toEqual([[]]);
  });
});
