import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

/** A running server serving a new mock in place of its old one (what `serve --watch` does). */

const registry = createRegistry();
const served = registry.names().filter((n) => registry.get(n).lifecycle.mock !== undefined);
const servers: MockServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

describe('MockServer.reload', () => {
  it('keeps the jobs whose vendor the new mock serves, on the same port and clock', async () => {
    const [kept, gone] = served as [string, string];
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const server = await createMockServer({ registry, host: '127.0.0.1', port: 0, clock });
    servers.push(server);
    const keep = server.state.createJob({ vendor: kept });
    server.state.createJob({ vendor: gone });
    const url = server.url;

    const moved = server.reload({ registry, vendors: served.filter((n) => n !== gone) });
    expect(moved).toEqual({ kept: 1, dropped: 1 });
    expect(server.url).toBe(url);
    expect(server.clock).toBe(clock);
    expect(server.state.vendors.has(gone)).toBe(false);

    const res = await fetch(`${url}${server.state.statusPath(keep)}`);
    expect(res.status).toBe(200);
    const jobs = (await (await fetch(`${url}/__jobkit/jobs`)).json()) as { jobs: { id: string }[] };
    expect(jobs.jobs.map((j) => j.id)).toEqual([keep.id]);
  });

  it('the new options apply: scenario rules and CORS', async () => {
    const server = await createMockServer({ registry, host: '127.0.0.1', port: 0 });
    servers.push(server);
    const vendor = served[0] as string;
    const scenario = server.state.vendorOf(vendor).scenarioList.at(-1) as string;
    server.reload({ registry, scenarios: [{ vendor, scenario }], cors: { credentials: true } });
    expect(server.state.scenarios.list()).toMatchObject([{ vendor, scenario }]);
    const res = await fetch(`${server.url}/__jobkit`, { headers: { origin: 'http://localhost:5173' } });
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it("a backfill's runs not yet created move over, held, and appear on time in the new mock", async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1, 12));
    const server = await createMockServer({ registry, host: '127.0.0.1', port: 0, clock });
    servers.push(server);
    const base = '/api/projects/1/batch_exports/0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60';
    const res = await fetch(`${server.url}${base}/backfills/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ start_at: '2026-01-01T09:00:00Z', end_at: '2026-01-01T12:00:00Z' }),
    });
    expect(res.status).toBe(201);
    const held = server.state.store.heldJobs();
    expect(held.length).toBeGreaterThan(0);

    server.reload({ registry });
    expect(server.state.store.heldJobs().map((j) => j.id)).toEqual(held.map((j) => j.id));
    const next = held[0] as (typeof held)[number];
    clock.advance(next.createdAt - clock.now());
    const run = await fetch(`${server.url}${base}/runs/${next.id}/`);
    expect(run.status).toBe(200);
  });

  it('webhook rules of the new mock do not send again what the old one sent', async () => {
    const receiver = await startReceiver();
    try {
      const clock = createManualClock(Date.UTC(2026, 0, 1));
      const vendor = served[0] as string;
      const options = { registry, vendors: [vendor], webhooks: [{ url: receiver.url, secret: 'k' }] };
      const server = await createMockServer({ ...options, host: '127.0.0.1', port: 0, clock });
      servers.push(server);
      server.state.createJob({ vendor });
      clock.advance(60_000);
      await server.webhooks.check();
      const before = receiver.received.length;
      expect(before).toBeGreaterThan(0);

      server.reload(options);
      await server.webhooks.check();
      expect(receiver.received.length).toBe(before);
    } finally {
      await receiver.close();
    }
  });
});
