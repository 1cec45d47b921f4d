import { afterAll, describe, expect, it } from 'vitest';
import type { Scenario, VendorFile } from '../../src/format/types.js';
import { SequenceChecker } from '../../src/rules/check.js';
import { createRegistry, type Vendor } from '../../src/vendors/registry.js';
import { tempTree } from '../helpers/fixtures.js';
import { mockOf, render } from './sequences.js';

/** What the one-model property found, each kept as its shrunk counterexample. */

const T0 = Date.UTC(2026, 5, 1, 12);
const trees: (() => void)[] = [];
afterAll(() => {
  for (const cleanup of trees) cleanup();
});

function load(file: VendorFile, properties: Record<string, unknown>): Vendor {
  const tree = tempTree({
    'schemas/gen/Status.json': { type: 'object', properties },
    'mocks/gen/lifecycle.json': { name: 'gen', ...file },
  });
  trees.push(tree.cleanup);
  return createRegistry({ roots: [tree.dir], builtins: false }).get('gen');
}

const states = {
  queued: { initial: true },
  'done-1': { terminal: 'success' as const },
  'done-2': { terminal: 'success' as const },
  'failed-1': { terminal: 'failure' as const, initial: true },
};
const scenarios: Record<string, Scenario> = {
  direct: { description: 'created failed', steps: [{ state: 'failed-1' }] },
  happy: { description: 'runs', steps: [{ state: 'queued', ms: 1000 }, { state: 'done-1' }] },
};

describe('found by the one-model property', () => {
  it('an admin control never moves a job along a transition the rules refuse', () => {
    // queued may only end in done-1 or failed-1; `complete` goes to done-2.
    const vendor = load(
      {
        title: 'gen',
        schema: { root: 'Status' },
        status: {
          field: '/state',
          states,
          transitions: { queued: ['done-1', 'failed-1'] },
        },
        body: { state: { from: 'state' } },
        mock: {
          id: '{{uuid}}',
          work: { total: 10 },
          scenarios,
          controls: { complete: { state: 'done-2' }, fail: { state: 'failed-1' } },
        },
      },
      { state: { type: 'string' } },
    );
    const mv = mockOf(vendor, 1);
    const job = mv.createJob({ scenario: 'happy', now: T0 });
    const refused = mv.end(
      job,
      mv.control('complete') as NonNullable<ReturnType<typeof mv.control>>,
      T0,
      true,
    );
    expect(refused).toEqual({
      ok: false,
      reason: `job ${job.id} is queued, which cannot move to done-2 (see the vendor's transitions)`,
    });
    expect(mv.body(job, T0 + 10).state).toBe('queued');
    const failed = render(vendor, {
      scenario: 'happy',
      seed: 1,
      inside: [0.5],
      end: { control: 'fail', moment: 1 },
    });
    expect(failed.ended).toBe(true);
    const checker = new SequenceChecker(vendor);
    for (const body of failed.bodies) expect(checker.check(body)).toEqual([]);
  });

  it('a finished time inside an object with a condition may be unset where the object is', () => {
    // Created directly as failed-1 (never started): the object, and the finished time in it, are absent.
    const vendor = load(
      {
        title: 'gen',
        schema: { root: 'Status' },
        status: { field: '/state', states, transitions: { queued: ['done-1', 'done-2', 'failed-1'] } },
        body: {
          state: { from: 'state' },
          timing: {
            from: 'object',
            when: 'started',
            fields: { end: { from: 'time.finished', format: 'unix-ms' } },
          },
        },
        mock: {
          id: '{{uuid}}',
          work: { total: 10 },
          scenarios,
          controls: { complete: { state: 'done-2' }, fail: { state: 'failed-1' } },
        },
      },
      { state: { type: 'string' }, timing: { type: 'object' } },
    );
    const { bodies } = render(vendor, { scenario: 'direct', seed: 3, inside: [0] });
    expect(bodies[0]).toEqual({ state: 'failed-1' });
    const checker = new SequenceChecker(vendor);
    for (const body of bodies) expect(checker.check(body)).toEqual([]);
    // done-1 is only reached after the first step, where the object is set: there a missing time is reported.
    const late = new SequenceChecker(vendor);
    expect(late.check({ state: 'done-1', timing: {} }).map((v) => v.rule)).toEqual([
      'finished-when-terminal',
    ]);
  });

  it('pinpoint: an admin complete of a job that would lose a piece has no failed piece', () => {
    const vendor = createRegistry().get('pinpoint');
    const rendered = render(vendor, {
      scenario: 'partial-failure',
      seed: 2_147_483_635,
      inside: [0],
      end: { control: 'complete', moment: 37 },
    });
    expect(rendered.ended).toBe(true);
    const checker = new SequenceChecker(vendor);
    for (const body of rendered.bodies) expect(checker.check(body)).toEqual([]);
    expect(rendered.bodies.at(-1)).toMatchObject({ JobStatus: 'COMPLETED', FailedPieces: 0 });
  });
});
