import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Job, snapshotAt } from '../../../src/lifecycle/engine.js';
import { createManualClock } from '../../../src/mock/clock.js';
import type { MockVendor } from '../../../src/mock/jobs.js';
import { createMockState, type EndAction } from '../../../src/mock/state.js';
import { createWebhooks, type WebhookEvent } from '../../../src/mock/webhooks/index.js';
import { createRegistry } from '../../../src/vendors/registry.js';

/**
 * The events a rule is sent, against a reference that knows nothing of looks: the job rendered at
 * every millisecond of its life so far, each state kept with the first millisecond it showed.
 */

const T0 = Date.UTC(2026, 0, 1);
const registry = createRegistry();
const cases = registry.names().flatMap((vendor) =>
  Object.keys(registry.get(vendor).lifecycle.mock?.scenarios ?? {}).map((scenario) => ({
    vendor,
    scenario,
  })),
);

function reference(mv: MockVendor, job: Job, now: number): [string, number][] {
  const plan = mv.planOf(job);
  const out: [string, number][] = [];
  for (let t = job.createdAt; t <= now; t++) {
    const state = snapshotAt(job, plan, t, mv.states, false).state;
    if (out.at(-1)?.[0] !== state) out.push([state, t]);
  }
  return out;
}

type Op = { gap: number; after: 'look' | 'wait' | EndAction };

const ops = fc.array(
  fc.record<Op>({
    gap: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12_000 })),
    after: fc.constantFrom('look', 'look', 'wait', 'complete', 'fail', 'cancel'),
  }),
  { minLength: 1, maxLength: 12 },
);

describe('webhook events, against the job rendered every millisecond', () => {
  it('one event per state change, in order, with its moment, body and previous state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 5_000 }),
        ops,
        async ({ vendor, scenario }, seed, createAfter, steps) => {
          const state = createMockState({ registry, seed, clock: createManualClock(T0) });
          const events: WebhookEvent[] = [];
          const hooks = createWebhooks({
            state,
            rules: [{ url: 'http://127.0.0.1:9/hook', secret: 'k' }],
            fetch: (async (_url: string, init: RequestInit) => {
              events.push(JSON.parse(String(init.body)) as WebhookEvent);
              return new Response(null, { status: 204 });
            }) as typeof globalThis.fetch,
          });
          state.clock.advance(createAfter);
          const job = state.createJob({ vendor, scenario });
          for (const { gap, after } of steps) {
            state.clock.advance(gap);
            if (after === 'look') await hooks.check();
            else if (after !== 'wait') state.end(job, after);
          }
          await hooks.check();
          await hooks.settled();

          const mv = state.vendorOf(vendor);
          const expected = reference(mv, job, state.clock.now());
          expect(events.map((e) => e.state)).toEqual(expected.map(([s]) => s));
          expect(events.map((e) => e.at)).toEqual(expected.map(([, t]) => new Date(t).toISOString()));
          expect(events.map((e) => e.previous)).toEqual([null, ...expected.slice(0, -1).map(([s]) => s)]);
          events.forEach((e, i) => {
            const at = (expected[i] as [string, number])[1];
            expect(e.body).toEqual(mv.body(job, at));
            expect(e.type).toBe(mv.snapshot(job, at).terminal ? 'job.ended' : 'job.state');
          });
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});
