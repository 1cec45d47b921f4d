import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSequence } from '../../src/contract/check-sequence.js';
import { JobkitError } from '../../src/errors.js';
import { createManualClock } from '../../src/mock/clock.js';
import { buildOpenApi } from '../../src/openapi/export.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { tempTree } from '../helpers/fixtures.js';
import { LIFECYCLE, SCHEMAS } from '../helpers/paged-vendor.js';
import { mockApp } from '../helpers/server.js';

/**
 * A user vendor whose list routes page the ways real job APIs do: OpenAI's after/before ids with
 * has_more, first_id and last_id; Azure's nextLink URL; Google's pageToken; offset/limit with a
 * total; page numbers. Every walk is compared with the plain reference: every id, newest first.
 */

const tree = tempTree({
  'schemas/batches/openapi.json': SCHEMAS,
  'mocks/batches/lifecycle.json': LIFECYCLE,
});
afterAll(() => tree.cleanup());
const registry = createRegistry({ roots: [tree.dir], builtins: false });

type Json = Record<string, unknown>;
type Mock = ReturnType<typeof mockApp>;

/** A mock holding `count` jobs, one a second; the reference is their ids, newest first. */
function withJobs(count: number, seed = 3): { mock: Mock; ids: string[] } {
  const mock = mockApp({
    registry,
    vendors: ['batches'],
    seed,
    clock: createManualClock(Date.UTC(2026, 0, 1)),
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.unshift(mock.createJob({ vendor: 'batches', scenario: i % 3 === 0 ? 'failure' : 'happy' }).id);
    mock.clock.advance(1000);
  }
  return { mock, ids };
}

async function get(mock: Mock, url: string): Promise<{ status: number; body: Json }> {
  const res = await mock.app.request(url);
  return { status: res.status, body: (await res.json()) as Json };
}

const idsOf = (items: unknown) => (items as Json[]).map((item) => item.id as string);

/** Follows a list from its first page to its last: the pages, as served. */
async function walk(mock: Mock, first: string, nextOf: (body: Json, url: string) => string | undefined) {
  const pages: Json[] = [];
  let url: string | undefined = first;
  while (url !== undefined) {
    const { status, body } = await get(mock, url);
    expect(status, url).toBe(200);
    pages.push(body);
    url = nextOf(body, url);
    if (pages.length > 200) throw new Error('the list never ends');
  }
  return pages;
}

const afterIdNext = (size: number) => (body: Json) =>
  body.has_more ? `/v1/batches?limit=${size}&after=${body.last_id}` : undefined;
const nextLink = (body: Json) => body.nextLink as string | undefined;
const pageToken = (size: number) => (body: Json) =>
  body.nextPageToken === undefined
    ? undefined
    : `/google/operations?pageSize=${size}&pageToken=${encodeURIComponent(body.nextPageToken as string)}`;

describe('after-id cursors (OpenAI: after, before, has_more, first_id, last_id)', () => {
  it('walks every job exactly once, newest first, with the ids of each page', async () => {
    const { mock, ids } = withJobs(8);
    const pages = await walk(mock, '/v1/batches?limit=3', afterIdNext(3));
    expect(pages.map((p) => idsOf(p.data).length)).toEqual([3, 3, 2]);
    expect(pages.flatMap((p) => idsOf(p.data))).toEqual(ids);
    expect(pages.map((p) => p.has_more)).toEqual([true, true, false]);
    for (const page of pages) {
      expect(page.object).toBe('list');
      const pageIds = idsOf(page.data);
      expect(page.first_id).toBe(pageIds[0]);
      expect(page.last_id).toBe(pageIds[pageIds.length - 1]);
    }
  });

  it('keeps its place while newer jobs arrive, where an offset would repeat a job', async () => {
    const { mock, ids } = withJobs(6);
    const first = await get(mock, '/v1/batches?limit=3');
    mock.createJob({ vendor: 'batches' });
    const second = await get(mock, `/v1/batches?limit=3&after=${first.body.last_id}`);
    expect([...idsOf(first.body.data), ...idsOf(second.body.data)]).toEqual(ids);
    expect(second.body.has_more).toBe(false);
  });

  it('pages back with before: the jobs just newer than the id', async () => {
    const { mock, ids } = withJobs(7);
    const back = await get(mock, `/v1/batches?limit=2&before=${ids[5]}`);
    expect(idsOf(back.body.data)).toEqual([ids[3], ids[4]]);
    expect(back.body.has_more).toBe(true);
    const top = await get(mock, `/v1/batches?limit=5&before=${ids[2]}`);
    expect(idsOf(top.body.data)).toEqual([ids[0], ids[1]]);
    expect(top.body.has_more).toBe(false);
    const both = await get(mock, `/v1/batches?after=${ids[1]}&before=${ids[5]}`);
    expect(both.status).toBe(400);
  });

  it('an empty list has null ids and no more', async () => {
    const { mock } = withJobs(0);
    const { body } = await get(mock, '/v1/batches');
    expect(body).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  it('an id that is a position, not a match: a filtered-out job still marks where it was', async () => {
    const { mock, ids } = withJobs(9);
    mock.clock.advance(60_000);
    const all = await get(mock, '/v1/batches?limit=100');
    const failed = idsOf(all.body.data).filter((_, i) => (all.body.data as Json[])[i]?.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    const anchor = ids[1] as string;
    const after = await get(mock, `/v1/batches?status=failed&after=${anchor}`);
    expect(idsOf(after.body.data)).toEqual(failed.filter((id) => ids.indexOf(id) > 1));
  });

  it("an unknown id is the vendor's bad_request, or its not_found when the list says so", async () => {
    const { mock, ids } = withJobs(2);
    const bad = await get(mock, '/v1/batches?after=batch_nope');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: { type: 'invalid_request_error', message: 'No job "batch_nope" in this list.' },
    });
    const missing = await get(mock, '/v1/files?after=batch_nope');
    expect(missing.status).toBe(404);
    expect((missing.body.error as Json).type).toBe('not_found_error');
    const known = await get(mock, `/v1/files?after=${ids[0]}`);
    expect(idsOf(known.body.data)).toEqual([ids[1]]);
    expect(known.body.next).toBeNull();
  });

  it('a next URL carries the last id, and replaces the cursor the client sent', async () => {
    const { mock, ids } = withJobs(5);
    const first = await get(mock, '/v1/files');
    expect(idsOf(first.body.data)).toEqual(ids.slice(0, 2));
    expect(first.body.next).toBe(`http://localhost/v1/files?after=${ids[1]}`);
    const second = await get(mock, first.body.next as string);
    expect(idsOf(second.body.data)).toEqual(ids.slice(2, 4));
    expect(second.body.next).toBe(`http://localhost/v1/files?after=${ids[3]}`);
  });
});

describe('nextLink URLs (Azure) and page tokens (Google)', () => {
  it('follows nextLink to the end, where it is absent', async () => {
    const { mock, ids } = withJobs(7);
    const pages = await walk(mock, '/azure/jobs?maxpagesize=3', nextLink);
    expect(pages.flatMap((p) => idsOf(p.value))).toEqual(ids);
    expect(pages).toHaveLength(3);
    expect(
      pages.slice(0, -1).every((p) => String(p.nextLink).startsWith('http://localhost/azure/jobs?')),
    ).toBe(true);
    expect(String(pages[0]?.nextLink)).toContain('maxpagesize=3');
    expect(pages[pages.length - 1]).not.toHaveProperty('nextLink');
  });

  it('follows nextPageToken to the end, where it is absent; a forged token is a bad_request', async () => {
    const { mock, ids } = withJobs(5);
    const pages = await walk(mock, '/google/operations?pageSize=2', pageToken(2));
    expect(pages.flatMap((p) => idsOf(p.operations))).toEqual(ids);
    expect(pages[pages.length - 1]).not.toHaveProperty('nextPageToken');
    expect((await get(mock, '/google/operations?pageToken=forged')).status).toBe(400);
  });
});

describe('offset/limit with a total, and page numbers', () => {
  it('counts every matching job, on every page', async () => {
    const { mock, ids } = withJobs(11);
    const page = await get(mock, '/v2/jobs?offset=4&limit=3');
    expect(page.body).toMatchObject({ total: 11, offset: 4, limit: 3 });
    expect(idsOf(page.body.items)).toEqual(ids.slice(4, 7));
    const failed = await get(mock, '/v2/jobs?status=queued&status=failed&limit=1');
    const expected = (await get(mock, '/v2/jobs?limit=100')).body.items as Json[];
    expect(failed.body.total).toBe(
      expected.filter((b) => ['queued', 'failed'].includes(b.status as string)).length,
    );
    expect((await get(mock, '/v2/jobs?offset=-1')).status).toBe(400);
  });

  it('numbers pages from 1', async () => {
    const { mock, ids } = withJobs(5);
    const second = await get(mock, '/v3/jobs?per_page=2&page=2');
    expect(idsOf(second.body.jobs)).toEqual(ids.slice(2, 4));
    expect(second.body).toMatchObject({ total: 5, next_page: '3' });
    expect((await get(mock, '/v3/jobs?per_page=2&page=3')).body.next_page).toBeNull();
    expect((await get(mock, '/v3/jobs?page=0')).status).toBe(400);
  });
});

describe('every style against the reference, for any job count and page size', () => {
  const walks: [
    string,
    (size: number) => [string, (body: Json, url: string) => string | undefined, string],
  ][] = [
    ['after-id', (n) => [`/v1/batches?limit=${n}`, afterIdNext(n), 'data']],
    ['nextLink', (n) => [`/azure/jobs?maxpagesize=${n}`, nextLink, 'value']],
    ['pageToken', (n) => [`/google/operations?pageSize=${n}`, pageToken(n), 'operations']],
    [
      'offset/limit',
      (n) => [
        `/v2/jobs?limit=${n}`,
        (body) => {
          const next = (body.offset as number) + n;
          return next < (body.total as number) ? `/v2/jobs?limit=${n}&offset=${next}` : undefined;
        },
        'items',
      ],
    ],
    [
      'page',
      (n) => [
        `/v3/jobs?per_page=${n}`,
        (b) => (b.next_page ? `/v3/jobs?per_page=${n}&page=${b.next_page}` : undefined),
        'jobs',
      ],
    ],
  ];

  it.each(walks)('%s', async (_style, pageFor) => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 1, max: 9 }),
        async (count, size) => {
          const { mock, ids } = withJobs(count, count * 31 + size);
          const [first, next, key] = pageFor(size);
          const pages = await walk(mock, first, next);
          expect(pages.flatMap((p) => idsOf(p[key]))).toEqual(ids);
          expect(pages).toHaveLength(Math.max(1, Math.ceil(count / size)));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('the bodies the lists serve, checked by the contract runner', () => {
  it('each job seen across pages and moments follows its lifecycle', async () => {
    const { mock, ids } = withJobs(6);
    // The older jobs are past queued by now: a fresh one is seen there too.
    ids.unshift(mock.createJob({ vendor: 'batches' }).id);
    const seen = new Map<string, Json[]>(ids.map((id) => [id, []]));
    for (let t = 0; t < 12; t++) {
      const pages = await walk(mock, '/v1/batches?limit=4', afterIdNext(4));
      for (const body of pages.flatMap((p) => p.data as Json[])) seen.get(body.id as string)?.push(body);
      mock.clock.advance(1000);
    }
    const vendor = registry.get('batches');
    for (const [id, bodies] of seen) {
      expect(bodies).toHaveLength(12);
      const result = checkSequence(vendor, bodies, { name: id });
      expect(result.violations, id).toEqual([]);
      expect(result.ok).toBe(true);
    }
    const states = [...seen.values()].flatMap((bodies) => bodies.map((b) => b.status));
    expect(new Set(states)).toEqual(new Set(['queued', 'in_progress', 'completed', 'failed']));
  });

  it("a job's bodies replayed backwards are caught", async () => {
    const { mock, ids } = withJobs(1);
    const bodies: Json[] = [];
    for (let t = 0; t < 8; t++) {
      bodies.push(((await get(mock, '/v1/batches')).body.data as Json[])[0] as Json);
      mock.clock.advance(1000);
    }
    expect(bodies[0]?.id).toBe(ids[0]);
    const result = checkSequence(registry.get('batches'), bodies.reverse());
    expect(result.ok).toBe(false);
    expect(result.violations.map((v) => v.rule)).toContain('terminal-final');
  });

  it('the loader refuses a cursor style it does not know, at its pointer', () => {
    const bad = structuredClone(LIFECYCLE);
    (bad.api.routes[1] as { list: { cursor: unknown } }).list.cursor = { style: 'keyset', query: 'after' };
    const badTree = tempTree({
      'schemas/batches/openapi.json': SCHEMAS,
      'mocks/batches/lifecycle.json': bad,
    });
    try {
      expect(() => createRegistry({ roots: [badTree.dir], builtins: false }).get('batches')).toThrow(
        JobkitError,
      );
      expect(() => createRegistry({ roots: [badTree.dir], builtins: false }).get('batches')).toThrow(
        /api\/routes\/1\/list\/cursor/,
      );
    } finally {
      badTree.cleanup();
    }
  });

  it('the loader refuses "before" on a cursor that names no jobs, at its pointer', () => {
    const bad = structuredClone(LIFECYCLE);
    (bad.api.routes[1] as { list: { cursor: unknown } }).list.cursor = {
      style: 'index',
      query: 'offset',
      before: 'before',
    };
    const badTree = tempTree({
      'schemas/batches/openapi.json': SCHEMAS,
      'mocks/batches/lifecycle.json': bad,
    });
    try {
      expect(() => createRegistry({ roots: [badTree.dir], builtins: false }).get('batches')).toThrow(
        /api\/routes\/1\/list\/cursor\/before: "before" is for "after-id" cursors/,
      );
    } finally {
      badTree.cleanup();
    }
  });
});

describe('the OpenAPI export', () => {
  it('documents each style’s query parameters and the not_found answer', () => {
    const doc = buildOpenApi({ registry, vendors: ['batches'] }) as Json;
    const paths = doc.paths as Record<string, { get: { parameters: Json[]; responses: Json } }>;
    const names = (path: string) => paths[path]?.get.parameters.map((p) => p.name);
    expect(names('/v1/batches')).toEqual(['limit', 'after', 'before', 'status']);
    expect(names('/v2/jobs')).toEqual(['limit', 'offset', 'status']);
    expect(names('/v3/jobs')).toEqual(['per_page', 'page']);
    expect(names('/azure/jobs')).toEqual(['maxpagesize', '$skiptoken']);
    expect(Object.keys(paths['/v1/files']?.get.responses ?? {})).toContain('404');
    const ok = paths['/v1/batches']?.get.responses['200'] as Json;
    const example = ok.content as Json;
    const body = (example['application/json'] as Json).example as Json;
    expect(body).toMatchObject({ object: 'list', has_more: false });
    expect(body.first_id).toBe(idsOf(body.data)[0]);
  });
});
