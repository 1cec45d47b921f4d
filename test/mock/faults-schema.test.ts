import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/lifecycle/random.js';
import { createManualClock } from '../../src/mock/clock.js';
import { Faults, MAX_LATENCY_MS, sampleLatency } from '../../src/mock/faults.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { mockApp } from '../helpers/server.js';

/** The admin API's fault schema, in process (framing does not matter), and the seeded draws. */

const registry = createRegistry();
const server = mockApp({ registry, seed: 3, clock: createManualClock(Date.UTC(2026, 0, 1)) });

async function post(body: unknown) {
  const res = await server.app.request('/__jobkit/faults', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

interface Refusal {
  error: { code: string; message: string };
  issues: { pointer: string; keyword: string; message: string }[];
}

describe('POST /__jobkit/faults refuses, with issues', () => {
  it.each([
    ['Retry-After: 0.5', { status: 429, retryAfter: 0.5 }, '/retryAfter', /whole seconds/],
    ['retryAfterS: 0.5', { status: 429, retryAfterS: 0.5 }, '/retryAfterS', /whole seconds/],
    ['a negative Retry-After', { status: 429, retryAfter: -1 }, '/retryAfter', /whole seconds/],
    [
      'a Retry-After that is no HTTP date',
      { status: 503, retryAfter: 'tomorrow' },
      '/retryAfter',
      /HTTP date/,
    ],
    ['latencyMs [5, 1]', { latencyMs: [5, 1] }, '/latencyMs', /min ≤ max/],
    ['a latency over a minute', { latencyMs: [5, 60_001] }, '/latencyMs/1', /latencyMs/],
    ['a lognormal latency without sigma', { latencyMs: { median: 50 } }, '/latencyMs/sigma', /lognormal/],
    ['a status below 400', { status: 399 }, '/status', /400 to 599/],
    ['a status above 599', { status: 600 }, '/status', /400 to 599/],
    ['a fractional status', { status: 503.5 }, '/status', /whole number/],
    ['an unknown error kind', { error: 'teapot' }, '/error', /too_many_requests/],
    [
      'a transport fault with a status',
      { fault: 'connection_reset', status: 500 },
      '/status',
      /answers no error/,
    ],
    ['both Retry-After fields', { status: 429, retryAfter: 1, retryAfterS: 2 }, '/retryAfterS', /once/],
    ['an unknown transport fault', { fault: 'explode' }, '/fault', /connection_reset/],
    ['stallMs without a stall', { fault: 'empty_response', stallMs: 10 }, '/fault', /stallMs/],
    ['times 0', { status: 500, times: 0 }, '/times', /whole number/],
    ['a fractional times', { status: 500, times: 1.5 }, '/times', /whole number/],
    [
      'a scenario the vendor lacks',
      { vendor: 'dakera', scenario: 'nope', status: 500 },
      '/scenario',
      /scenario/,
    ],
    ['an empty job id', { jobId: '', status: 500 }, '/jobId', /job id/],
    ['scope alone', { vendor: 'dakera', times: 3 }, '', /latencyMs" or "errorRate/],
  ])('%s', async (_what, fault, pointer, message) => {
    const reply = await post(fault);
    expect(reply.status).toBe(400);
    const refusal = reply.body as unknown as Refusal;
    expect(refusal.error).toMatchObject({ code: 'invalid_fault', message: expect.stringMatching(message) });
    expect(refusal.issues.map((i) => i.pointer)).toContain(pointer);
    const listed = await server.app.request('/__jobkit/faults');
    expect(await listed.json()).toEqual({ faults: [] });
  });
});

describe('POST /__jobkit/faults accepts', () => {
  it.each([
    { latencyMs: 0 },
    { latencyMs: [1, 1] },
    { latencyMs: { median: 90, sigma: 0.1 } },
    { error: 'server_error' },
    { status: 451 },
    { status: 429, retryAfter: 0 },
    { status: 503, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' },
    { vendor: 'posthog', scenario: 'stuck', fault: 'stall', stallMs: 1000 },
    { jobId: 'abc', fault: 'truncated_json', times: 3 },
    { vendor: 'weaviate', errorRate: 0.25, fault: 'connection_reset' },
  ])('%j', async (fault) => {
    const reply = await post(fault);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject(fault);
    await server.app.request('/__jobkit/faults', { method: 'DELETE' });
  });
});

describe('seeded draws', () => {
  const request = { vendor: 'dakera', method: 'GET', path: '/x', jobId: 'j', scenario: () => 'stuck' };
  const delays = (seed: number) => {
    const faults = new Faults(seed);
    faults.add({ latencyMs: { median: 100, sigma: 0.5 } });
    return Array.from({ length: 200 }, () => faults.decide(request).delayMs);
  };

  it('the same seed gives the same latencies; another seed others', () => {
    expect(delays(1)).toEqual(delays(1));
    expect(delays(2)).not.toEqual(delays(1));
  });

  it('lognormal: about half the draws under the median, a long tail above it, capped', () => {
    const drawn = delays(7);
    const under = drawn.filter((d) => d < 100).length;
    expect(under).toBeGreaterThan(70);
    expect(under).toBeLessThan(130);
    expect(Math.max(...drawn)).toBeGreaterThan(150);
    const random = createRandom(1);
    for (let i = 0; i < 1000; i++) {
      expect(sampleLatency({ median: 50_000, sigma: 4 }, random)).toBeLessThanOrEqual(MAX_LATENCY_MS);
    }
  });

  it('uniform stays in [min, max]; fixed is fixed', () => {
    const random = createRandom(3);
    for (let i = 0; i < 1000; i++) {
      const d = sampleLatency([20, 30], random);
      expect(d).toBeGreaterThanOrEqual(20);
      expect(d).toBeLessThanOrEqual(30);
    }
    expect(sampleLatency(40, random)).toBe(40);
  });
});

describe('transport faults in process (no socket to act on)', () => {
  it.each(['connection_reset', 'empty_response', 'malformed_chunk'])(
    '%s: the answer body fails when read',
    async (fault) => {
      const mock = mockApp({ registry, seed: 3, clock: createManualClock(Date.UTC(2026, 0, 1)) });
      const job = mock.createJob({ vendor: 'dakera', scenario: 'stuck' });
      const added = await mock.app.request('/__jobkit/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fault }),
      });
      expect(added.status).toBe(201);
      const res = await mock.app.request(mock.statusPath(job) as string);
      await expect(res.text()).rejects.toThrow(new RegExp(`jobkit fault: ${fault}`));
    },
  );
});
