import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MockVendor } from '../../src/mock/jobs.js';
import { SequenceChecker } from '../../src/rules/check.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { ROOT } from '../helpers/cli.js';
import '../helpers/fast-check.js';

/**
 * A derived status is written one way (the body's done, error and response, from the mock's
 * state) and read the other (status.derive): every body the mock renders, in every scenario and
 * after every control, reads back as the state the engine is in, and the checker finds nothing.
 */
const dir = join(ROOT, 'examples', 'google-lro');
const registry = createRegistry({ roots: [dir], builtins: false });
const vendor = registry.get('google-lro');
const spec = vendor.lifecycle.mock;
const scenarios = Object.keys(spec?.scenarios ?? {});
const START = Date.UTC(2026, 5, 1);

describe('google-lro: rendered bodies derive back to the engine state', () => {
  it('has a derived status and the scenarios to walk', () => {
    expect(vendor.lifecycle.status.derive).toBeDefined();
    expect(scenarios).toEqual(expect.arrayContaining(['happy', 'failure', 'slow', 'stuck', 'cancel']));
  });

  it('in every scenario, at every moment, for any seed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...scenarios),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 60_000 }), { minLength: 1, maxLength: 30 }),
        (scenario, seed, steps) => {
          const mv = new MockVendor(vendor, spec as NonNullable<typeof spec>, seed);
          const job = mv.createJob({ scenario, now: START });
          const checker = new SequenceChecker(vendor);
          let now = START;
          for (const step of [0, ...steps]) {
            now += step;
            const snap = mv.snapshot(job, now);
            const body = mv.body(job, now, snap);
            expect(vendor.readStatus(body)).toBe(snap.state);
            expect(checker.check(body)).toEqual([]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each(['complete', 'fail', 'cancel'] as const)('after the %s control', (name) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 20_000 }), (seed, at) => {
        const mv = new MockVendor(vendor, spec as NonNullable<typeof spec>, seed);
        const job = mv.createJob({ scenario: 'stuck', now: START });
        const control = mv.control(name);
        expect(control).toBeDefined();
        const checker = new SequenceChecker(vendor);
        const before = mv.body(job, START + at);
        expect(checker.check(before)).toEqual([]);
        expect(mv.end(job, control as NonNullable<typeof control>, START + at, name === 'complete').ok).toBe(
          true,
        );
        const after = mv.snapshot(job, START + at + 60_000);
        const body = mv.body(job, START + at + 60_000, after);
        expect(vendor.readStatus(body)).toBe(after.state);
        expect(vendor.lifecycle.status.states[after.state]?.terminal).toBe(
          { complete: 'success', fail: 'failure', cancel: 'cancelled' }[name],
        );
        expect(body.done).toBe(true);
        expect(checker.check(body)).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
