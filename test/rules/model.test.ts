import { afterAll, describe, expect, it } from 'vitest';
import type { VendorFile } from '../../src/format/types.js';
import { MockVendor } from '../../src/mock/jobs.js';
import { SequenceChecker } from '../../src/rules/check.js';
import { buildRuleModel } from '../../src/rules/model.js';
import { createRegistry, type Vendor } from '../../src/vendors/registry.js';
import { tempTree } from '../helpers/fixtures.js';
import { simpleStatus } from '../helpers/own-vendor.js';

const trees: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of trees) cleanup();
});

const schema = {
  type: 'object',
  required: ['id', 'state'],
  properties: {
    id: { type: 'string' },
    state: { type: 'string', enum: ['queued', 'running', 'done', 'failed'] },
    created: { type: 'string', format: 'date-time' },
    processed: { type: 'integer', minimum: 0 },
    finished: { type: ['string', 'null'], format: 'date-time' },
  },
};

const status = simpleStatus();

function load(file: Omit<VendorFile, 'title' | 'schema' | 'status'>): Vendor {
  const tree = tempTree({
    'schemas/own/Job.json': schema,
    'mocks/own/lifecycle.json': { title: 'Own', schema: { root: 'Job' }, status, ...file },
  });
  trees.push(tree.cleanup);
  return createRegistry({ roots: [tree.dir], builtins: false }).get('own');
}

describe('the rule model reads conditions through the one interpreter', () => {
  // The model used to re-parse conditions and missed a `not`: failed bodies without a finished time were reported.
  const vendor = load({
    body: {
      id: { from: 'id' },
      state: { from: 'state' },
      finished: { from: 'time.finished', format: 'iso', when: { not: { states: ['failed'] } }, unset: null },
    },
    mock: {
      id: 'own-{{hex:6}}',
      work: { total: 100 },
      scenarios: {
        broken: {
          description: 'fails while running',
          steps: [{ state: 'queued', ms: 1000 }, { state: 'running', ms: 2000 }, { state: 'failed' }],
          error: 'boom',
        },
      },
      controls: { complete: { state: 'done' }, fail: { state: 'failed' } },
    },
  });

  it('loads, and allows the finished time to be unset in failed only', () => {
    const finished = buildRuleModel(vendor).finished;
    expect(finished.map((f) => [f.pointer, [...f.unsetAllowedIn]])).toEqual([['/finished', ['failed']]]);
  });

  it('the mock renders it unset in failed, and the checker reports nothing on that sequence', () => {
    const mv = new MockVendor(vendor, vendor.lifecycle.mock as NonNullable<VendorFile['mock']>, 5);
    const job = mv.createJob({ scenario: 'broken', now: Date.UTC(2026, 0, 1) });
    const checker = new SequenceChecker(vendor);
    const bodies = [0, 500, 1500, 2999, 3000, 60_000].map((t) => mv.body(job, job.createdAt + t));
    expect(bodies.map((b) => [b.state, b.finished])).toEqual([
      ['queued', null],
      ['queued', null],
      ['running', null],
      ['running', null],
      ['failed', null],
      ['failed', null],
    ]);
    for (const body of bodies) expect(checker.check(body)).toEqual([]);
    expect(checker.terminal).toBe(true);
  });
});

describe('a vendor with no mock section still gets its timestamp and counter rules', () => {
  const vendor = load({
    body: {
      id: { from: 'id' },
      state: { from: 'state' },
      created: { from: 'time.created', format: 'iso' },
      processed: { from: 'count.processed' },
      finished: { from: 'time.finished', format: 'iso', unset: null },
    },
  });
  const base = { id: 'j1', created: '2026-01-01T00:00:00.000Z', finished: null };
  const rulesOf = (bodies: Record<string, unknown>[]) => {
    const checker = new SequenceChecker(vendor);
    return bodies.map((b) => checker.check(b).map((v) => [v.rule, v.pointer]));
  };

  it('has no mock, and a clean sequence breaks nothing', () => {
    expect(vendor.lifecycle.mock).toBeUndefined();
    expect(
      rulesOf([
        { ...base, state: 'queued', processed: 0 },
        { ...base, state: 'running', processed: 4 },
        { ...base, state: 'done', processed: 9, finished: '2026-01-01T00:01:00.000Z' },
      ]),
    ).toEqual([[], [], []]);
  });

  it('created-constant', () => {
    expect(
      rulesOf([
        { ...base, state: 'queued', processed: 0 },
        { ...base, state: 'running', processed: 0, created: '2026-01-01T00:00:01.000Z' },
      ]),
    ).toEqual([[], [['created-constant', '/created']]]);
  });

  it('monotonic', () => {
    expect(
      rulesOf([
        { ...base, state: 'running', processed: 5 },
        { ...base, state: 'running', processed: 3 },
      ]),
    ).toEqual([[], [['monotonic', '/processed']]]);
  });

  it('finished-when-terminal, both ways (no ending may leave it unset: it has no condition)', () => {
    const early = { ...base, state: 'running', processed: 1, finished: '2026-01-01T00:01:00.000Z' };
    expect(rulesOf([early])).toEqual([[['finished-when-terminal', '/finished']]]);
    const missing = { ...base, state: 'failed', processed: 1 };
    expect(rulesOf([{ ...base, state: 'running', processed: 1 }, missing])).toEqual([
      [],
      [['finished-when-terminal', '/finished']],
    ]);
  });
});

describe('ways a job can end come from scenarios, controls and the lifecycle', () => {
  // Only the admin control ends a job in `failed` with endedBy "admin": the finished time declared
  // unset then must be allowed unset there, and nowhere else.
  const vendor = load({
    body: {
      id: { from: 'id' },
      state: { from: 'state' },
      finished: { from: 'time.finished', format: 'iso', when: { not: { endedBy: ['admin'] } }, unset: null },
    },
    mock: {
      id: 'own-{{hex:6}}',
      work: { total: 100 },
      scenarios: {
        happy: {
          description: 'ends',
          steps: [{ state: 'queued', ms: 1000 }, { state: 'running', ms: 2000 }, { state: 'done' }],
        },
      },
      controls: { complete: { state: 'done', endedBy: 'lifecycle' }, fail: { state: 'failed' } },
    },
  });

  it('a state reached only through a control is an exception exactly when its ending makes the field unset', () => {
    const [finished] = buildRuleModel(vendor).finished;
    expect([...(finished?.unsetAllowedIn ?? [])]).toEqual(['failed']);
  });

  it('the checker then accepts an admin-failed job without a finished time, and still flags a completed one', () => {
    const checker = new SequenceChecker(vendor, { schema: false });
    checker.check({ id: 'a', state: 'running', finished: null });
    expect(checker.check({ id: 'a', state: 'failed', finished: null })).toEqual([]);
    const other = new SequenceChecker(vendor, { schema: false });
    other.check({ id: 'b', state: 'running', finished: null });
    expect(other.check({ id: 'b', state: 'done', finished: null }).map((v) => v.rule)).toEqual([
      'finished-when-terminal',
    ]);
  });
});

describe('progress is checked against its own scale', () => {
  const base = { id: { from: 'id' }, state: { from: 'state' } } as const;
  it.each([
    [undefined, 100, []],
    [undefined, 100.5, ['progress-range']],
    [1, 1, []],
    [1, 1.5, ['progress-range']],
    [1, -0.1, ['progress-range']],
  ] as const)('scale %s, progress %s → %j', (scale, value, rules) => {
    const vendor = load({ body: { ...base, pct: { from: 'progress', ...(scale ? { scale } : {}) } } });
    const checker = new SequenceChecker(vendor, { schema: false });
    expect(checker.check({ id: 'a', state: 'running', pct: value }).map((v) => v.rule)).toEqual(rules);
  });
});

describe('a vendor with no mock section still has its terminal states as endings', () => {
  const vendor = load({
    body: {
      id: { from: 'id' },
      state: { from: 'state' },
      finished: { from: 'time.finished', format: 'iso', when: { not: { states: ['failed'] } }, unset: null },
    },
  });

  it('its condition is evaluated in every terminal state, with nothing from a mock', () => {
    expect([...(buildRuleModel(vendor).finished[0]?.unsetAllowedIn ?? [])]).toEqual(['failed']);
    const checker = new SequenceChecker(vendor, { schema: false });
    checker.check({ id: 'a', state: 'running', finished: null });
    expect(checker.check({ id: 'a', state: 'failed', finished: null })).toEqual([]);
  });
});
