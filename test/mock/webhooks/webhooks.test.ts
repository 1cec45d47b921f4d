import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/mock/clock.js';
import { createMockState } from '../../../src/mock/state.js';
import { createWebhooks, type WebhookEvent, type WebhookRule } from '../../../src/mock/webhooks/index.js';
import { createRegistry } from '../../../src/vendors/registry.js';
import { startReceiver } from '../../helpers/webhook-receiver.js';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3600_000;
const SECRET = 'shh';
const registry = createRegistry();
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function receiver(fail = 0) {
  const r = await startReceiver(fail);
  closers.push(r.close);
  return r;
}

function setup(rule: Omit<WebhookRule, 'secret'>, log?: (line: string) => void) {
  const state = createMockState({ registry, seed: 3, clock: createManualClock(T0) });
  const hooks = createWebhooks({
    state,
    rules: [{ secret: SECRET, ...rule }],
    retryDelayMs: 0,
    ...(log ? { log } : {}),
  });
  closers.push(async () => hooks.stop());
  return { state, hooks };
}

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

describe('webhooks', () => {
  it('POSTs a signed event per state change, and the end', async () => {
    const r = await receiver();
    const vendor = registry.names()[0] as string;
    const { state, hooks } = setup({ url: r.url, vendor });
    const job = state.createJob({ vendor });
    await hooks.check();
    state.clock.advance(24 * HOUR);
    await hooks.check();
    // Nothing changed since: nothing sent.
    expect(await hooks.check()).toEqual([]);

    const events = r.received.map((got) => {
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.headers['x-jobkit-signature']).toBe(sign(got.body));
      expect(got.headers['x-jobkit-event']).toBe((JSON.parse(got.body) as WebhookEvent).type);
      return JSON.parse(got.body) as WebhookEvent;
    });
    expect(events.length).toBeGreaterThanOrEqual(2);
    const first = events[0] as WebhookEvent;
    const last = events.at(-1) as WebhookEvent;
    expect(first).toMatchObject({ type: 'job.state', vendor, job: job.id, previous: null, terminal: null });
    expect(last).toMatchObject({ type: 'job.ended', vendor, job: job.id, previous: events.at(-2)?.state });
    expect(last.terminal).not.toBeNull();
    // The end's body is the body at the moment the job ended (what a poll then showed).
    const endedAt = Date.parse(last.at);
    expect(last.body).toEqual(state.vendorOf(vendor).body(job, endedAt));
    expect(last.body).toEqual(state.vendorOf(vendor).body(job, state.clock.now()));
    expect(r.received.at(-1)?.headers['x-jobkit-delivery']).toBe(last.id);
  });

  it('on: [end] sends only when a job ends; other vendors are not watched', async () => {
    const r = await receiver();
    const [vendor, other] = registry.names() as [string, string];
    const { state, hooks } = setup({ url: r.url, vendor, on: ['end'] });
    state.createJob({ vendor });
    state.createJob({ vendor: other });
    await hooks.check();
    expect(r.received).toHaveLength(0);
    state.clock.advance(24 * HOUR);
    await hooks.check();
    expect(r.received.map((got) => (JSON.parse(got.body) as WebhookEvent).vendor)).toEqual([vendor]);
  });

  it('retries a failing receiver, with one delivery id, and logs the delivery', async () => {
    const r = await receiver(2);
    const lines: string[] = [];
    const vendor = registry.names()[0] as string;
    const { state, hooks } = setup({ url: r.url, vendor, on: ['end'] }, (line) => lines.push(line));
    const job = state.createJob({ vendor });
    state.clock.advance(24 * HOUR);
    const [delivery] = await hooks.check();
    expect(delivery).toMatchObject({ ok: true, attempts: 3, status: 204, job: job.id });
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((got) => got.headers['x-jobkit-delivery'])).size).toBe(1);
    expect(hooks.deliveries()).toEqual([delivery]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`webhook job.ended ${vendor} ${job.id}`);
    expect(lines[0]).toContain('204, 3 attempts');
  });

  it('gives up after its retries, saying why', async () => {
    const r = await receiver(10);
    const vendor = registry.names()[0] as string;
    const { state, hooks } = setup({ url: r.url, vendor, on: ['end'], retries: 1 });
    state.createJob({ vendor });
    state.clock.advance(24 * HOUR);
    const [delivery] = await hooks.check();
    expect(delivery).toMatchObject({ ok: false, attempts: 2, status: 500, error: 'answered 500' });
    expect(r.received).toHaveLength(2);
  });

  it('a receiver that is gone is a failed delivery, not a crash', async () => {
    const r = await receiver();
    await r.close();
    const vendor = registry.names()[0] as string;
    const { state, hooks } = setup({ url: r.url, vendor, retries: 0 });
    state.createJob({ vendor });
    const [delivery] = await hooks.check();
    expect(delivery?.ok).toBe(false);
    expect(delivery?.status).toBeUndefined();
    expect(delivery?.error).toBeTruthy();
  });
});
