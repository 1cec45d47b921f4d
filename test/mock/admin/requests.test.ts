import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../../src/mock/listen.js';
import type { RequestRecord } from '../../../src/mock/request-log.js';
import { createRegistry } from '../../../src/vendors/registry.js';

const JSON_HEADERS = { 'content-type': 'application/json' };

describe('GET/DELETE /__jobkit/requests and the polling report', () => {
  let server: MockServer;
  const lines: { line: string; entry: RequestRecord }[] = [];

  beforeAll(async () => {
    server = await createMockServer({
      registry: createRegistry(),
      seed: 3,
      clock: createManualClock(Date.UTC(2026, 1, 1)),
      host: '127.0.0.1',
      port: 0,
      graceMs: 0,
      requestLog: 50,
      log: (line, entry) => lines.push({ line, entry }),
    });
  });
  afterAll(() => server.close());

  const admin = (path: string, init?: RequestInit) => fetch(`${server.url}/__jobkit${path}`, init);
  const records = async (query = ''): Promise<RequestRecord[]> =>
    ((await (await admin(`/requests${query}`)).json()) as { requests: RequestRecord[] }).requests;

  it('logs status polls with vendor, job, state, latency and wall time; DELETE clears', async () => {
    expect((await admin('/requests', { method: 'DELETE' })).status).toBe(204);
    const job = server.state.summary(
      server.state.createJob({ vendor: 'pinpoint', scenario: 'happy' }),
      server.url,
    );
    const before = Date.now();
    await (await fetch(job.statusUrl as string)).body?.cancel();
    const mine = await records(`?job=${job.id}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      method: 'GET',
      status: 200,
      vendor: 'pinpoint',
      job: job.id,
      terminal: false,
    });
    expect(typeof mine[0]?.state).toBe('string');
    expect(mine[0]?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(mine[0]?.wallTime).toBeGreaterThanOrEqual(before - 1);
    expect(mine[0]?.fault).toBeUndefined();
    expect((await records('?vendor=posthog')).every((r) => r.vendor === 'posthog')).toBe(true);

    expect((await admin('/requests', { method: 'DELETE' })).status).toBe(204);
    // The admin API's own requests stay out of the log: it is of the app's traffic.
    expect(await records()).toEqual([]);
    expect(lines.some((l) => l.entry.path === '/__jobkit/requests')).toBe(true);
  });

  it('records the fault applied, and the logger line carries it', async () => {
    const job = server.state.summary(
      server.state.createJob({ vendor: 'dakera', scenario: 'stuck' }),
      server.url,
    );
    const added = await admin('/faults', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ vendor: 'dakera', status: 503, times: 1 }),
    });
    const fault = (await added.json()) as { id: string };
    const res = await fetch(job.statusUrl as string);
    await res.body?.cancel();
    expect(res.status).toBe(503);
    const [entry] = await records(`?job=${job.id}`);
    expect(entry).toMatchObject({
      status: 503,
      vendor: 'dakera',
      job: job.id,
      fault: { id: fault.id, outcome: 'status 503' },
    });
    const logged = lines.find((l) => l.entry.job === job.id);
    expect(logged?.line).toMatch(/^GET \S+ 503 \d+\.\dms$/);
    expect(logged?.entry.fault?.id).toBe(fault.id);
  });

  it('reports polls after a terminal status per job, from the log', async () => {
    await admin('/requests', { method: 'DELETE' });
    const job = server.state.summary(
      server.state.createJob({ vendor: 'pinpoint', scenario: 'happy' }),
      server.url,
    );
    await admin(`/jobs/${job.id}/complete?vendor=pinpoint`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{}',
    });
    for (let i = 0; i < 3; i++) await (await fetch(job.statusUrl as string)).body?.cancel();
    const report = (await (await admin('/requests/report?minIntervalMs=0')).json()) as {
      ok: boolean;
      jobs: { job: string; polls: number; pollsAfterTerminal: number }[];
      findings: { rule: string; job: string }[];
    };
    expect(report.ok).toBe(false);
    const polled = report.jobs.find((j) => j.job === `pinpoint ${job.id}`);
    expect(polled).toMatchObject({ polls: 3, pollsAfterTerminal: 2 });
    expect(report.findings.map((f) => f.rule)).toContain('client-polls-after-terminal');
  });

  it('refuses a bad minIntervalMs', async () => {
    const res = await admin('/requests/report?minIntervalMs=soon');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_query' } });
  });
});
