import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';

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
});
