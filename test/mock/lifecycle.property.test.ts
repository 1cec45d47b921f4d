import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { MockVendor } from '../../src/mock/jobs.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { SequenceChecker } from '../../src/rules/check.js';
import { createRegistry } from '../../src/vendors/registry.js';

const registry = createRegistry();
const cases = registry.names().flatMap((vendor) =>
  Object.keys(registry.get(vendor).lifecycle.mock?.scenarios ?? {}).map((scenario) => ({
    vendor,
    scenario,
  })),
);

describe('every vendor × scenario, polled over HTTP from a real server', () => {
  let mock: MockServer;
  let origin: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    mock = await createMockServer({ registry, seed: 11, clock: createManualClock(Date.UTC(2026, 5, 1)) });
    origin = mock.url;
    close = () => mock.close();
  });
  afterAll(() => close());

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${origin}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBeLessThan(300);
    return res.json() as Promise<Record<string, unknown>>;
  };

  it('is schema-valid and obeys the lifecycle rules, poll after poll', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases),
        fc.array(fc.integer({ min: 0, max: 90_000 }), { minLength: 3, maxLength: 25 }),
        async ({ vendor, scenario }, steps) => {
          const created = await post('/__jobkit/jobs', { vendor, scenario });
          const checker = new SequenceChecker(registry.get(vendor));
          for (const step of [0, ...steps, 15 * 60_000]) {
            if (step > 0) await post('/__jobkit/clock', { advanceMs: step });
            const res = await fetch(String(created.statusUrl));
            expect(res.status).toBe(200);
            expect(res.headers.get('content-type')).toMatch(/application\/json/);
            const violations = checker.check(await res.json());
            expect(violations, `${vendor}/${scenario} poll ${checker.polls}`).toEqual([]);
          }
          // A scenario that refuses every create (Weaviate's export-disabled) stands for no job: the
          // admin API's job for it never moves, like stuck.
          const refuses = registry.get(vendor).lifecycle.mock?.scenarios[scenario]?.refuse !== undefined;
          const stuck = scenario === 'stuck' || refuses;
          expect(checker.terminal).toBe(!stuck);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('covers every scenario of every vendor', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.vendor))).toEqual(new Set(registry.names()));
  });
});

describe('the engine, over many seeds (in process)', () => {
  it.each(cases)('$vendor/$scenario: any seed, any poll times', ({ vendor, scenario }) => {
    const v = registry.get(vendor);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(fc.integer({ min: 1, max: 120_000 }), { minLength: 1, maxLength: 40 }),
        (seed, gaps) => {
          const mv = new MockVendor(v, v.lifecycle.mock as NonNullable<typeof v.lifecycle.mock>, seed);
          const job = mv.createJob({ scenario, now: 1_750_000_000_000 });
          const checker = new SequenceChecker(v);
          let t = job.createdAt;
          expect(checker.check(mv.body(job, t))).toEqual([]);
          for (const gap of gaps) {
            t += gap;
            expect(checker.check(mv.body(job, t))).toEqual([]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is deterministic: the same seed gives the same jobs and bodies', () => {
    for (const vendor of registry.names()) {
      const v = registry.get(vendor);
      const spec = v.lifecycle.mock as NonNullable<typeof v.lifecycle.mock>;
      const a = new MockVendor(v, spec, 99).createJob({ scenario: 'happy', now: 0 });
      const b = new MockVendor(v, spec, 99).createJob({ scenario: 'happy', now: 0 });
      const c = new MockVendor(v, spec, 100).createJob({ scenario: 'happy', now: 0 });
      expect(b.id).toBe(a.id);
      expect(new MockVendor(v, spec, 99).body(b, 12_345)).toEqual(
        new MockVendor(v, spec, 99).body(a, 12_345),
      );
      expect(c.id).not.toBe(a.id);
    }
  });
});
