import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/lifecycle/engine.js';
import { createManualClock } from '../../src/mock/clock.js';
import { fill } from '../../src/mock/template.js';
import type { RouteSpec } from '../../src/mock/types.js';
import { getAt } from '../../src/util/pointer.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { type TestMock as MockServer, mockApp } from '../helpers/server.js';

/**
 * List routes render only the jobs they answer with and stop once `next` is known; this checks
 * every answer against the straightforward way (render every job in scope, filter, then slice),
 * kept here as the reference, across scopes, filters, page sizes, cursors and moments.
 */

const registry = createRegistry();
const T0 = Date.UTC(2026, 0, 1);
const BE = '0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60';
const EXPORT_JOB = { RoleArn: 'arn:aws:iam::1:role/r', S3UrlPrefix: 's3://b/p/' };

const cursor = (offset: number) => Buffer.from(`o=${offset}`).toString('base64url');

function listRoute(vendor: string, path: string): RouteSpec {
  const route = registry
    .get(vendor)
    .lifecycle.api?.routes.find((r) => r.path === path && r.action === 'list');
  if (!route) throw new Error(`${vendor} has no list route ${path}`);
  return route;
}

/** The list handler as it was: every job in scope rendered, then filtered, then sliced. */
function reference(
  server: MockServer,
  vendor: string,
  route: RouteSpec,
  params: Record<string, string>,
  url: string,
): string {
  const list = route.list as NonNullable<RouteSpec['list']>;
  const mv = server.vendors.get(vendor);
  if (!mv) throw new Error(`${vendor} is not served`);
  const u = new URL(url);
  const now = server.clock.now();
  const idParam = route.idParam ?? 'id';
  const aliases = route.paramAliases ?? {};
  const scopeMatches = (job: Job) => {
    for (const [name, value] of Object.entries(params)) {
      if (name === idParam || list.match?.[name]) continue;
      const own = job.params[aliases[name] ?? name];
      if (own !== undefined && own !== value) return false;
    }
    return true;
  };
  let rows = server.store
    .list(vendor)
    .filter(scopeMatches)
    .map((job) => ({ job, body: mv.body(job, now) }));
  const statuses = list.statusFilter ? u.searchParams.getAll(list.statusFilter) : [];
  if (statuses.length > 0)
    rows = rows.filter((row) => statuses.includes(String(getAt(row.body, mv.vendor.statusField))));
  for (const [query, pointer] of Object.entries(list.fieldFilters ?? {})) {
    const want = u.searchParams.get(query);
    if (want !== null) rows = rows.filter((row) => String(getAt(row.body, pointer)) === want);
  }
  for (const [param, pointer] of Object.entries(list.match ?? {})) {
    rows = rows.filter((row) => String(getAt(row.body, pointer)) === params[param]);
  }
  // The built-ins name their cursor's query parameter (the opaque offset token).
  const cursorName = typeof list.cursor === 'string' ? list.cursor : list.cursor.query;
  const cursorText = u.searchParams.get(cursorName);
  const offset = cursorText
    ? Number(/^o=(\d+)$/.exec(Buffer.from(cursorText, 'base64url').toString())?.[1])
    : 0;
  let limit = list.limit?.default ?? 100;
  const asked = list.limit?.query ? u.searchParams.get(list.limit.query) : null;
  if (asked !== null) limit = Math.min(Number(asked), list.limit?.max ?? Number(asked));
  const token = (o: number) => {
    if (list.next !== 'url') return cursor(o);
    const next = new URL(url);
    next.searchParams.set(cursorName, cursor(o));
    return next.toString();
  };
  const values: Record<string, unknown> = {
    items: rows.slice(offset, offset + limit).map((row) => row.body),
    next: offset + limit < rows.length ? token(offset + limit) : undefined,
    previous: offset > 0 ? token(Math.max(0, offset - limit)) : undefined,
  };
  return JSON.stringify(fill(list.body, (name) => values[name]));
}

interface Case {
  vendor: string;
  route: RouteSpec;
  path: string;
  params: Record<string, string>;
  queries: string[];
}

function pages(limitQuery: string | undefined, filters: string[]): string[] {
  const out: string[] = [];
  const limits = limitQuery
    ? ['', `${limitQuery}=1`, `${limitQuery}=3`, `${limitQuery}=7`, `${limitQuery}=1000`]
    : [''];
  for (const filter of ['', ...filters])
    for (const limit of limits)
      for (const offset of [undefined, 0, 1, 2, 5, 13, 40, 500]) {
        const parts = [filter, limit].filter((p) => p !== '');
        out.push([...parts, ...(offset === undefined ? [] : [`__cursor__=${cursor(offset)}`])].join('&'));
      }
  return out;
}

describe('list routes against rendering every job first', () => {
  it('same answers for every scope, filter, page size, cursor and moment', async () => {
    const server = mockApp({ registry, seed: 5, clock: createManualClock(T0) });
    const scenarios = (vendor: string) => server.vendors.get(vendor)?.scenarioNames() ?? [];
    const post = (path: string, body: unknown) =>
      server.app.request(path, { method: 'POST', body: JSON.stringify(body) });

    for (let i = 0; i < 30; i++) {
      const fs = scenarios('fullstory');
      server.createJob({ vendor: 'fullstory', scenario: fs[i % fs.length] as string });
      const pp = scenarios('pinpoint');
      const segment = i % 3 === 0 ? {} : { SegmentId: `seg-${i % 3}` };
      const app = i % 4 === 0 ? 'app2' : 'app1';
      const res = await server.app.request(`/v1/apps/${app}/jobs/export`, {
        method: 'POST',
        headers: { 'x-jobkit-scenario': pp[i % pp.length] as string },
        body: JSON.stringify({ ...EXPORT_JOB, ...segment }),
      });
      expect(res.status).toBe(202);
      const ph = scenarios('posthog');
      server.createJob({
        vendor: 'posthog',
        scenario: ph[i % ph.length] as string,
        params: { project_id: String(1 + (i % 2)), batch_export_id: i % 5 === 0 ? 'other' : BE },
      });
      server.clock.advance(1_000);
    }
    const backfill = await post(`/api/projects/1/batch_exports/${BE}/backfills/`, {
      start_at: '2025-12-31T19:00:00Z',
      end_at: '2026-01-01T00:00:00Z',
    });
    expect(backfill.status).toBe(201);

    const fullstory = listRoute('fullstory', '/operations/v1');
    const exports = listRoute('pinpoint', '/v1/apps/{application-id}/jobs/export');
    const segments = listRoute('pinpoint', '/v1/apps/{application-id}/segments/{segment-id}/jobs/export');
    const projects = listRoute('posthog', '/api/projects/{project_id}/batch_exports/{batch_export_id}/runs/');
    const environments = listRoute(
      'posthog',
      '/api/environments/{environment_id}/batch_exports/{batch_export_id}/runs/',
    );
    const cases: Case[] = [
      {
        vendor: 'fullstory',
        route: fullstory,
        path: '/operations/v1',
        params: {},
        queries: pages('limit', [
          'state=COMPLETED',
          'state=PENDING',
          'state=FAILED&state=COMPLETED',
          'state=NOPE',
          'type=SEARCH_EXPORT',
          'type=OTHER',
          'type=SEARCH_EXPORT&state=COMPLETED',
        ]),
      },
      ...['app1', 'app2', 'app9'].map(
        (app): Case => ({
          vendor: 'pinpoint',
          route: exports,
          path: `/v1/apps/${app}/jobs/export`,
          params: { 'application-id': app },
          queries: pages('page-size', []),
        }),
      ),
      ...['seg-1', 'seg-2', 'seg-9'].map(
        (segment): Case => ({
          vendor: 'pinpoint',
          route: segments,
          path: `/v1/apps/app1/segments/${segment}/jobs/export`,
          params: { 'application-id': 'app1', 'segment-id': segment },
          queries: pages('page-size', []),
        }),
      ),
      ...['1', '2'].flatMap((project): Case[] => [
        {
          vendor: 'posthog',
          route: projects,
          path: `/api/projects/${project}/batch_exports/${BE}/runs/`,
          params: { project_id: project, batch_export_id: BE },
          queries: pages(undefined, [
            'status=Completed',
            'status=Running&status=Failed',
            'status=ContinuedAsNew',
          ]),
        },
        {
          vendor: 'posthog',
          route: environments,
          path: `/api/environments/${project}/batch_exports/other/runs/`,
          params: { environment_id: project, batch_export_id: 'other' },
          queries: pages(undefined, ['status=Completed']),
        },
      ]),
    ];

    let compared = 0;
    let nonEmpty = 0;
    for (const advance of [0, 5_000, 30_000, 600_000]) {
      server.clock.advance(advance);
      for (const c of cases) {
        const cursorName = c.route.list?.cursor as string;
        for (const q of c.queries) {
          const query = q.replace('__cursor__', cursorName);
          const path = query === '' ? c.path : `${c.path}?${query}`;
          const res = await server.app.request(path);
          expect(res.status, path).toBe(200);
          const text = await res.text();
          expect(text, path).toBe(reference(server, c.vendor, c.route, c.params, `http://localhost${path}`));
          compared++;
          if (text.includes('"id"') || text.includes('"Id"')) nonEmpty++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(nonEmpty).toBeGreaterThan(compared / 3);
  });
});
