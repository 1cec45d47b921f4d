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
});
