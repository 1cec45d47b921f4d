import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli } from '../helpers/cli.js';

/**
 * `jobkit check` (quick mode) against a faulted mock: each fault is reported as what it is, and a
 * 429 with Retry-After is waited on, then the job is polled to its end.
 */

const registry = createRegistry();
let server: MockServer;

beforeAll(async () => {
  // Fast enough that a happy job ends within a few seconds of polling.
  server = await createMockServer({ registry, seed: 8, clock: createRealClock({ speed: 120 }) });
});
afterAll(() => server.close());

async function faultedCheck(fault: Record<string, unknown>, scenario = 'happy', timeoutMs = 20_000) {
  await server.state.reset();
  const job = server.state.createJob({ vendor: 'dakera', scenario });
  const added = await fetch(`${server.url}/__jobkit/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vendor: 'dakera', ...fault }),
  });
  expect(added.status).toBe(201);
  const url = `${server.url}${server.state.statusPath(job)}`;
  const run = await cli([
    'check',
    '--vendor',
    'dakera',
    '--url',
    url,
    '--interval-ms',
    '50',
    '--timeout-ms',
    String(timeoutMs),
    '--reporter',
    'json',
  ]);
  const report = JSON.parse(run.stdout);
  return { run, report, text: JSON.stringify(report) };
}

describe('jobkit check against faults', () => {
  it('a 429 with Retry-After: 1 is waited on, noted, and the check passes', async () => {
    const start = performance.now();
    const { run, report, text } = await faultedCheck({ error: 'too_many_requests', retryAfter: 1, times: 2 });
    expect(run.code, text).toBe(0);
    expect(report.summary).toMatchObject({ failed: 0 });
    expect(text).toMatch(/answered 429; Retry-After: 1 s asked; waited 1,000 ms as asked/);
    expect(performance.now() - start).toBeGreaterThanOrEqual(1900);
  }, 30_000);

  it('latency alone: slower, still passing', async () => {
    const { run, text } = await faultedCheck({ latencyMs: [5, 20] });
    expect(run.code, text).toBe(0);
  }, 30_000);

  it('a 500 fails the check with the status named', async () => {
    const { run, text } = await faultedCheck({ status: 500 });
    expect(run.code).toBe(1);
    expect(text).toMatch(/answered 500/);
  }, 30_000);

  it.each([
    ['connection_reset', /ECONNRESET/],
    ['empty_response', /cannot reach .*(UND_ERR_SOCKET|other side closed|ECONNRESET)/],
    ['malformed_chunk', /GET .* \(200\) broke off while sending its body/],
    ['truncated_json', /not JSON/],
  ])(
    '%s fails the check, saying what happened',
    async (fault, message) => {
      const { run, text } = await faultedCheck({ fault });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('');
      expect(text).toMatch(message);
    },
    30_000,
  );

  it('a stalled body fails at the client timeout, saying there was no answer in time', async () => {
    const start = performance.now();
    const { run, text } = await faultedCheck({ fault: 'stall' }, 'happy', 1500);
    expect(run.code).toBe(1);
    expect(text).toMatch(
      /GET .* \(200\) sent its headers, then its body stalled .*: it did not end within the 1500 ms timeout/,
    );
    expect(performance.now() - start).toBeLessThan(10_000);
  }, 30_000);
});
