import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../../../src/lifecycle/engine.js';
import { createManualClock } from '../../../src/mock/clock.js';
import { createMockState, type MockState } from '../../../src/mock/state.js';
import { createWebhooks, type WebhookEvent, type WebhookRule } from '../../../src/mock/webhooks/index.js';
import { createRegistry } from '../../../src/vendors/registry.js';
import { tempTree } from '../../helpers/fixtures.js';
import { batchyFiles } from '../../helpers/transit-vendor.js';
import { startReceiver } from '../../helpers/webhook-receiver.js';

/** One event per state a job enters, however far the clock moved between two looks. */

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3600_000;
const registry = createRegistry();
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** The first vendor and scenario of the registry whose plan walks through at least four states. */
function longCase(): { vendor: string; scenario: string } {
  const state = createMockState({ registry, seed: 1, clock: createManualClock(T0) });
  for (const vendor of registry.names()) {
    const mv = state.vendorOf(vendor);
    for (const scenario of mv.scenarioNames()) {
      const steps = mv.planOf(state.createJob({ vendor, scenario })).steps;
      if (new Set(steps.map((s) => s.state)).size >= 4) return { vendor, scenario };
    }
  }
  throw new Error('no built-in scenario walks through four states');
}

/** A receiver in process: keeps every event it is sent, answers 204. */
function collector() {
  const events: WebhookEvent[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    events.push(JSON.parse(String(init.body)) as WebhookEvent);
    return new Response(null, { status: 204 });
  }) as typeof globalThis.fetch;
  return { events, fetch };
}

function setup(rules: Omit<WebhookRule, 'secret'>[] = [{ url: 'http://127.0.0.1:9/hook' }]) {
  const state = createMockState({ registry, seed: 3, clock: createManualClock(T0) });
  const got = collector();
  const hooks = createWebhooks({
    state,
    rules: rules.map((r) => ({ secret: 'k', ...r })),
    retryDelayMs: 0,
    fetch: got.fetch,
  });
  closers.push(async () => hooks.stop());
  return { state, hooks, events: got.events };
}

/** The planned states of a job, each with the moment it starts (consecutive repeats merged). */
function planned(state: MockState, job: Job): [string, number][] {
  const out: [string, number][] = [];
  for (const step of state.vendorOf(job.vendor).planOf(job).steps) {
    if (!Number.isFinite(step.start) || out.at(-1)?.[0] === step.state) continue;
    out.push([step.state, job.createdAt + step.start]);
  }
  return out;
}

describe('webhooks for every transition', () => {
  const { vendor, scenario } = longCase();

  it('sends every state passed between two looks, in order, each at its own moment with its own body', async () => {
    const { state, hooks, events } = setup();
    const job = state.createJob({ vendor, scenario });
    state.clock.advance(24 * HOUR);
    await hooks.check();

    const expected = planned(state, job);
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(events.map((e) => e.state)).toEqual(expected.map(([s]) => s));
    expect(events.map((e) => e.at)).toEqual(expected.map(([, at]) => new Date(at).toISOString()));
    expect(events.map((e) => e.previous)).toEqual([null, ...expected.slice(0, -1).map(([s]) => s)]);
    const mv = state.vendorOf(vendor);
    for (const [i, e] of events.entries())
      expect(e.body, e.state).toEqual(mv.body(job, expected[i]?.[1] as number));
    expect(events.slice(0, -1).every((e) => e.type === 'job.state' && e.terminal === null)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'job.ended' });
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('a look again, or looking stopped and started, resends nothing', async () => {
    const { state, hooks, events } = setup();
    state.createJob({ vendor, scenario });
    state.clock.advance(3_000);
    await hooks.check();
    const early = events.length;
    expect(early).toBeGreaterThanOrEqual(2);
    expect(await hooks.check()).toEqual([]);
    hooks.start(60_000);
    hooks.stop();
    hooks.start(60_000);
    expect(await hooks.check()).toEqual([]);
    state.clock.advance(24 * HOUR);
    await hooks.check();
    expect(await hooks.check()).toEqual([]);
    const states = events.map((e) => e.state);
    expect(states).toEqual(planned(state, state.store.list()[0] as Job).map(([s]) => s));
  });

  it('webhooks that continue from others (a reload of the mock) resend nothing and miss nothing', async () => {
    const { state, hooks, events } = setup();
    const job = state.createJob({ vendor, scenario });
    state.clock.advance(3_000);
    await hooks.check();
    const before = events.length;
    hooks.stop();
    state.clock.advance(100);
    const got = collector();
    const next = createWebhooks({
      state,
      rules: [{ url: 'http://127.0.0.1:9/hook', secret: 'k' }],
      fetch: got.fetch,
    });
    next.continueFrom(hooks);
    state.clock.advance(24 * HOUR);
    await next.check();
    expect([...events, ...got.events].map((e) => e.state)).toEqual(planned(state, job).map(([s]) => s));
    expect(got.events[0]?.previous).toBe(events[before - 1]?.state);
    // Without it, the new webhooks start over from the state each job is in.
    const fresh = collector();
    const other = createWebhooks({
      state,
      rules: [{ url: 'http://127.0.0.1:9/hook', secret: 'k' }],
      fetch: fresh.fetch,
    });
    await other.check();
    expect(fresh.events.map((e) => [e.state, e.previous])).toEqual([[planned(state, job).at(-1)?.[0], null]]);
  });

  it('an end at the very moment of a look is sent, after the state that look sent', async () => {
    const { state, hooks, events } = setup();
    const job = state.createJob({ vendor, scenario });
    await hooks.check();
    expect(state.end(job, 'fail')).toEqual({ ok: true });
    await hooks.check();
    expect(events.map((e) => [e.state, e.previous, e.at])).toEqual([
      [planned(state, job)[0]?.[0], null, new Date(T0).toISOString()],
      [
        state.vendorOf(vendor).snapshot(job, T0).state,
        planned(state, job)[0]?.[0],
        new Date(T0).toISOString(),
      ],
    ]);
    expect(events.at(-1)?.type).toBe('job.ended');
  });

  it('a rule added later is sent what happens from then on, not the past', async () => {
    const { state, hooks, events } = setup([]);
    const job = state.createJob({ vendor, scenario });
    const plan = planned(state, job);
    const [, second] = plan as [[string, number], [string, number]];
    // Added between the second state's start and the third's: its first event is the state then.
    state.clock.advance(second[1] - T0 + 1);
    hooks.add({ url: 'http://127.0.0.1:9/hook', secret: 'k', on: ['state'] });
    state.clock.advance(24 * HOUR);
    await hooks.check();
    expect(events.map((e) => e.state)).toEqual(plan.slice(1).map(([s]) => s));
    expect(events[0]).toMatchObject({ previous: null, at: new Date(second[1] + 1).toISOString() });
  });

  it('on: [end] gets only the end, and every rule gets each event once', async () => {
    const { state, hooks, events } = setup([
      { url: 'http://127.0.0.1:9/all' },
      { url: 'http://127.0.0.1:9/end', on: ['end'] },
    ]);
    const job = state.createJob({ vendor, scenario });
    state.clock.advance(24 * HOUR);
    const deliveries = await hooks.check();
    const plan = planned(state, job);
    expect(deliveries.filter((d) => d.url.endsWith('/all')).map((d) => d.state)).toEqual(
      plan.map(([s]) => s),
    );
    expect(deliveries.filter((d) => d.url.endsWith('/end')).map((d) => d.state)).toEqual([plan.at(-1)?.[0]]);
    expect(events).toHaveLength(plan.length + 1);
  });

  it('a receiver gets a job’s events in order even when it fails some first (retries wait their turn)', async () => {
    const r = await startReceiver(2);
    closers.push(r.close);
    const state = createMockState({ registry, seed: 3, clock: createManualClock(T0) });
    const hooks = createWebhooks({ state, rules: [{ url: r.url, secret: 'k' }], retryDelayMs: 5 });
    const job = state.createJob({ vendor, scenario });
    state.clock.advance(24 * HOUR);
    const deliveries = await hooks.check();
    await hooks.settled();
    expect(deliveries.every((d) => d.ok)).toBe(true);
    const arrived = r.received.map((got) => (JSON.parse(got.body) as WebhookEvent).state);
    // The first event was tried three times before any other was sent.
    const plan = planned(state, job).map(([s]) => s);
    expect(arrived).toEqual([plan[0], plan[0], ...plan]);
  });
});

describe('webhooks for a cancel through a transit state', () => {
  const tree = tempTree(batchyFiles());
  afterAll(() => tree.cleanup());

  it('sends the transit state and the final one, each at its own moment, from one look', async () => {
    const batchy = createRegistry({ roots: [tree.dir], builtins: false });
    const state = createMockState({
      registry: batchy,
      vendors: ['batchy'],
      seed: 3,
      clock: createManualClock(T0),
    });
    const got = collector();
    const hooks = createWebhooks({
      state,
      rules: [{ url: 'http://127.0.0.1:9/hook', secret: 'k' }],
      fetch: got.fetch,
    });
    const job = state.createJob({ vendor: 'batchy' });
    state.clock.advance(6000);
    await hooks.check();
    const seen = got.events.length;
    const cancelledAt = state.clock.now();
    expect(state.end(job, 'cancel')).toEqual({ ok: true });
    const until = job.end?.via?.until as number;
    expect(until).toBeGreaterThan(cancelledAt);
    state.clock.advance(24 * HOUR);
    await hooks.check();
    expect(got.events.slice(seen).map((e) => [e.state, e.at, e.type])).toEqual([
      ['cancelling', new Date(cancelledAt).toISOString(), 'job.state'],
      ['cancelled', new Date(until).toISOString(), 'job.ended'],
    ]);
  });
});
