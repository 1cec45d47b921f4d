import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestedId } from '../../src/contract/request-id.js';
import type { Job } from '../../src/lifecycle/engine.js';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { buildOpenApi } from '../../src/openapi/export.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid } from '../helpers/http.js';

/**
 * PostHog's HTTP details over a real socket (issue 14, round 2): the optional trailing slash on
 * every route (the status fast path included), the runs list's ordering and created_at window,
 * backfill runs that appear one at a time, and the 429 for too many concurrent backfills.
 */

const T0 = Date.UTC(2026, 0, 10);
const registry = createRegistry();
type Body = Record<string, unknown>;

let server: MockServer;
beforeAll(async () => {
  server = await createMockServer({ registry, seed: 11, clock: createManualClock(T0) });
});
afterAll(async () => {
  await server.close();
});

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Body; headers: Headers }> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const res = await fetch(`${server.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Body), headers: res.headers };
}

const base = (job: Job) =>
  `/api/projects/${job.params.project_id}/batch_exports/${job.params.batch_export_id}`;

describe('PostHog: the trailing slash is optional', () => {
  it('a status GET answers the same with and without it, on the fast path and through Hono', async () => {
    const job = server.state.createJob({ vendor: 'posthog', scenario: 'happy' });
    const canonical = await call('GET', `${base(job)}/runs/${job.id}/`);
    const bare = await call('GET', `${base(job)}/runs/${job.id}`);
    expect(canonical.status).toBe(200);
    expect(bare.status).toBe(200);
    expect(bare.body).toEqual(canonical.body);
    expect(server.status.resolve(`${base(job)}/runs/${job.id}`)?.id).toBe(job.id);
  });

  it('list, cancel and backfill create answer without it; a wrong method is still 405', async () => {
    const job = server.state.createJob({ vendor: 'posthog', scenario: 'stuck' });
    server.clock.advance(5_000);
    const list = await call('GET', `${base(job)}/runs`);
    expect(list.status).toBe(200);
    expectValid('posthog', list.body, 'PaginatedBatchExportRunList');
    const cancel = await call('POST', `${base(job)}/runs/${job.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toEqual({ cancelled: true });
    const wrong = await call('DELETE', `${base(job)}/runs`);
    expect(wrong.status).toBe(405);
    expect(wrong.body).toMatchObject({ code: 'method_not_allowed' });
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
  });

  it("the contract runner reads a run's id from a status URL either way", () => {
    const routes = registry.get('posthog').lifecycle.api?.routes;
    expect(requestedId('http://h/api/projects/1/batch_exports/b/runs/r-9', routes)).toBe('r-9');
    expect(requestedId('http://h/api/projects/1/batch_exports/b/runs/r-9/', routes)).toBe('r-9');
  });

  it('other vendors keep their exact paths', async () => {
    const job = server.state.createJob({ vendor: 'dakera', scenario: 'happy' });
    const path = server.state.statusPath(job) as string;
    expect((await call('GET', path)).status).toBe(200);
    expect((await call('GET', `${path}/`)).status).toBe(404);
  });

  it('jobkit openapi documents the canonical form and says the slash is optional', () => {
    const doc = buildOpenApi({ registry, vendors: ['posthog'] }) as {
      paths: Record<string, Record<string, { description?: string }>>;
    };
    const paths = Object.keys(doc.paths);
    expect(paths.every((p) => p.endsWith('/'))).toBe(true);
    const status = doc.paths['/api/projects/{project_id}/batch_exports/{batch_export_id}/runs/{id}/'];
    expect(status?.get?.description).toMatch(/without the trailing slash/);
  });

  it('jobkit openapi shows the backfill 429, and the list ordering and window parameters', () => {
    const doc = buildOpenApi({ registry, vendors: ['posthog'] }) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>
      >;
    };
    const create = doc.paths['/api/projects/{project_id}/batch_exports/{batch_export_id}/backfills/']?.post;
    expect(JSON.stringify(create?.responses['429'])).toContain('too_many_concurrent_backfills');
    const list = doc.paths['/api/projects/{project_id}/batch_exports/{batch_export_id}/runs/']?.get;
    expect(list?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['ordering', 'after', 'before', 'start', 'end', 'status', 'cursor']),
    );
  });
});

describe('PostHog: the runs list window and ordering', () => {
  const BE = '0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f61';
  const list = `/api/projects/1/batch_exports/${BE}/runs/`;
  let old: Job;
  let recent: Job;
  let newest: Job;

  beforeAll(() => {
    const params = { project_id: '1', batch_export_id: BE };
    old = server.state.createJob({ vendor: 'posthog', scenario: 'happy', params });
    server.clock.advance(8 * 86_400_000);
    recent = server.state.createJob({
      vendor: 'posthog',
      scenario: 'happy',
      params: { ...params, interval_start: '2026-01-01T05:00:00Z', interval_end: '2026-01-01T06:00:00Z' },
    });
    server.clock.advance(3_600_000);
    newest = server.state.createJob({ vendor: 'posthog', scenario: 'happy', params });
    server.clock.advance(60_000);
  });

  const ids = async (query: string) => {
    const reply = await call('GET', `${list}${query}`);
    expect(reply.status).toBe(200);
    expectValid('posthog', reply.body, 'PaginatedBatchExportRunList');
    return (reply.body.results as { id: string }[]).map((r) => r.id);
  };

  it('shows the last 7 days by default, newest first', async () => {
    expect(await ids('')).toEqual([newest.id, recent.id]);
  });

  it('after and before take relative forms and ISO times', async () => {
    expect(await ids('?after=-30d')).toEqual([newest.id, recent.id, old.id]);
    expect(await ids('?after=-30M')).toEqual([newest.id]);
    expect(await ids('?after=-2h&before=-30M')).toEqual([recent.id]);
    const at = new Date(recent.createdAt).toISOString();
    expect(await ids(`?after=-30d&before=${encodeURIComponent(at)}`)).toEqual([recent.id, old.id]);
  });

  it('ordering=created_at is oldest first; an unknown ordering is ignored, as DRF does', async () => {
    expect(await ids('?ordering=created_at&after=-30d')).toEqual([old.id, recent.id, newest.id]);
    expect(await ids('?ordering=bogus&after=-30d')).toEqual([newest.id, recent.id, old.id]);
  });

  it('ordering by data_interval_start bounds the data interval by start and end instead', async () => {
    // Its interval is in early January, past the default 7 days: only start reaches it.
    expect(await ids('?ordering=data_interval_start')).toEqual([newest.id]);
    expect(await ids('?ordering=data_interval_start&start=2026-01-01')).toEqual([
      recent.id,
      old.id,
      newest.id,
    ]);
    expect(await ids('?ordering=-data_interval_start&start=2026-01-01&after=-1M&end=2026-01-10')).toEqual([
      old.id,
      recent.id,
    ]);
  });
});

describe('PostHog: backfill runs appear one at a time, and concurrent backfills are limited', () => {
  const BE = '0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f62';
  const at = (project: string) => `/api/projects/${project}/batch_exports/${BE}`;
  const hour = (ms: number) => Math.floor(ms / 3_600_000) * 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const backfill = (project: string, hours: number, scenario = 'happy') => {
    const end = hour(server.clock.now());
    return call('POST', `${at(project)}/backfills/?scenario=${scenario}`, {
      start_at: iso(end - hours * 3_600_000),
      end_at: iso(end),
    });
  };
  const listed = async (project: string, id: string) => {
    const reply = await call('GET', `${at(project)}/runs/`);
    expect(reply.status).toBe(200);
    const rows = reply.body.results as {
      id: string;
      status: string;
      backfill: string;
      data_interval_start: string;
    }[];
    return rows.filter((r) => r.backfill === id);
  };
  const held = (id: string) => server.state.store.heldJobs().filter((j) => j.params.backfill_id === id);

  it('each run is created when the one before it finishes: until then no list shows it and its id is 404', async () => {
    const created = await backfill('7', 3);
    expect(created.status).toBe(201);
    const id = created.body.backfill_id as string;
    const first = await listed('7', id);
    expect(first).toHaveLength(1);
    const [second, third] = held(id) as [Job, Job];
    expect(held(id)).toHaveLength(2);
    expect((await call('GET', `${at('7')}/runs/${second.id}/`)).status).toBe(404);

    server.clock.advance(second.createdAt - server.clock.now());
    const two = await listed('7', id);
    expect(two.map((r) => [r.id, r.status])).toEqual([
      [second.id, 'Starting'],
      [first[0]?.id, 'Completed'],
    ]);
    expect((await call('GET', `${at('7')}/runs/${third.id}/`)).status).toBe(404);

    server.clock.advance(third.createdAt - server.clock.now());
    const reply = await call('GET', `${at('7')}/runs/${third.id}`);
    expect(reply.status).toBe(200);
    expectValid('posthog', reply.body, 'BatchExportRun');
    const starts = (await listed('7', id)).map((r) => r.data_interval_start);
    // Newest first: the runs walk the interval hour by hour.
    expect(starts).toEqual([...starts].sort().reverse());
    expect(new Set(starts).size).toBe(3);
  });

  it('after a run that never finishes, no further run appears', async () => {
    const created = await backfill('8', 2, 'stuck');
    expect(created.status).toBe(201);
    const id = created.body.backfill_id as string;
    expect(held(id)).toHaveLength(0);
    server.clock.advance(3_600_000);
    expect(await listed('8', id)).toHaveLength(1);
  });

  it('while a backfill of the team runs, another is 429 too_many_concurrent_backfills', async () => {
    const first = await backfill('9', 2);
    expect(first.status).toBe(201);
    const refused = await backfill('9', 1);
    expect(refused.status).toBe(429);
    expectValid('posthog', refused.body, 'ErrorResponse');
    expect(refused.body).toEqual({
      type: 'server_error',
      code: 'too_many_concurrent_backfills',
      detail:
        'This team already has 1 batch export backfills running. Wait for some to finish or cancel them before creating more.',
      attr: null,
    });
    // The same team under its environments path, and another team, see the same limit and none.
    const body = {
      start_at: iso(hour(server.clock.now()) - 3_600_000),
      end_at: iso(hour(server.clock.now())),
    };
    expect((await call('POST', `/api/environments/9/batch_exports/${BE}/backfills`, body)).status).toBe(429);
    expect((await backfill('10', 1)).status).toBe(201);
    // A run still to come counts: its first run cancelled, the backfill runs until its last one ends.
    const id = first.body.backfill_id as string;
    const [running] = await listed('9', id);
    expect((await call('POST', `${at('9')}/runs/${running?.id}/cancel/`)).status).toBe(200);
    server.clock.advance(5_000);
    expect((await call('GET', `${at('9')}/runs/${running?.id}/`)).body.status).toBe('Cancelled');
    expect((await backfill('9', 1)).status).toBe(429);
    const [last] = held(id) as [Job];
    server.clock.advance(last.finishesAt - server.clock.now());
    expect((await backfill('9', 1)).status).toBe(201);
  });
});
