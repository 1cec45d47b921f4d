import type { JsonObject } from '../../util/json.js';
import { own } from '../../util/json.js';
import { getAt } from '../../util/pointer.js';
import { json as send, vendorErrorResponse } from '../respond.js';
import { inScope, scopeOf } from '../routes.js';
import { fill } from '../template.js';
import type { ListSpec } from '../types.js';
import { type Cursor, cursorOf, idParameters, POSITIONS } from './list-cursor.js';
import { orderingOf, sortRows, windowTest } from './list-order.js';
import { countMatches, type Page, pageAfter, pageAt, pageBefore, type Row, type Walk } from './list-page.js';
import { type Action, type ActionRequest, json, schemaOr } from './types.js';

const EXAMPLE_AT_MS = 12_000;

function withQuery(url: string, name: string, value: string, drop?: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  if (drop) u.searchParams.delete(drop);
  return u.toString();
}

/** Conditions on the rendered body; without any, only the jobs on the page are rendered. */
function filters({ c, route, params }: ActionRequest, list: ListSpec) {
  const tests: ((body: Record<string, unknown>) => boolean)[] = [];
  const statuses = list.statusFilter ? c.req.queries(list.statusFilter) : undefined;
  const vendor = route.vendor.vendor;
  if (statuses && statuses.length > 0)
    tests.push((body) => statuses.includes(String(vendor.readStatus(body))));
  for (const [query, pointer] of Object.entries(list.fieldFilters ?? {})) {
    const want = c.req.query(query);
    if (want !== undefined) tests.push((body) => String(getAt(body, pointer)) === want);
  }
  for (const [param, pointer] of Object.entries(list.match ?? {})) {
    tests.push((body) => String(getAt(body, pointer)) === own(params, param));
  }
  return tests;
}

/** The route's jobs in scope, newest first, and the filters they must pass. */
function walkOf(request: ActionRequest, list: ListSpec, now: number): Walk {
  const { route, params, state } = request;
  const tests = filters(request, list);
  const scope = scopeOf(route, params);
  if (list.ordering) return orderedWalk(request, list.ordering, tests, scope, now);
  return {
    *scoped() {
      for (const job of state.store.newest(route.vendor.name)) if (inScope(job, scope)) yield job;
    },
    match(job) {
      if (tests.length === 0) return { job };
      const body = route.vendor.body(job, now);
      return tests.every((test) => test(body)) ? { job, body } : undefined;
    },
  };
}

/**
 * A walk in the asked order, bounded by the window that ordering picks: every job in scope is
 * rendered and sorted once per request (a sort needs them all; lists are not the hot path).
 */
function orderedWalk(
  request: ActionRequest,
  spec: NonNullable<ListSpec['ordering']>,
  tests: ((body: Record<string, unknown>) => boolean)[],
  scope: string[],
  now: number,
): Walk {
  const { c, route, state } = request;
  const list = route.spec.list as ListSpec;
  const { keys, window } = orderingOf(spec, c.req.query(spec.query));
  const inWindow = windowTest(own(list.windows, window), (name) => c.req.query(name), state.shown(now));
  const all = inWindow ? [...tests, inWindow] : tests;
  const rows: Row[] = [];
  for (const job of state.store.newest(route.vendor.name)) {
    if (!inScope(job, scope)) continue;
    const body = route.vendor.body(job, now);
    if (all.every((test) => test(body))) rows.push({ job, body });
  }
  const sorted = sortRows(rows, keys);
  const byJob = new Map(sorted.map((row) => [row.job, row]));
  return {
    scoped: () => sorted.map((row) => row.job),
    match: (job) => byJob.get(job),
  };
}

/** The refusal of a status filter value that is no declared state, when the vendor refuses one. */
function unknownStatus({ c, route }: ActionRequest, spec: ListSpec): Response | undefined {
  if (!spec.statusFilter || spec.unknownStatus === undefined) return undefined;
  const states = route.vendor.vendor.lifecycle.status.states;
  const bad = c.req.queries(spec.statusFilter)?.find((value) => !Object.hasOwn(states, value));
  if (bad === undefined) return undefined;
  const message = spec.unknownStatus.replace('{{value}}', bad);
  return vendorErrorResponse(route, 'bad_request', message);
}

/** The page size asked for, or the bad_request message. */
function limitOf({ c }: ActionRequest, list: ListSpec): number | string {
  const asked = list.limit?.query ? c.req.query(list.limit.query) : undefined;
  if (asked === undefined) return list.limit?.default ?? 100;
  const n = Number(asked);
  if (!Number.isInteger(n) || n < 1) return `${list.limit?.query} must be a positive integer.`;
  return Math.min(n, list.limit?.max ?? n);
}

type PageOrError = Page | { kind: Cursor['unknown']; message: string };

/** The page the cursor names; an after-id cursor must name a job of this list. */
function pageOf(request: ActionRequest, cursor: Cursor, walk: Walk, limit: number): PageOrError {
  const { c, route, params, state } = request;
  const text = c.req.query(cursor.query) || undefined;
  if (cursor.style !== 'after-id') {
    const offset = text === undefined ? 0 : POSITIONS[cursor.style].decode(text, limit);
    return offset === undefined
      ? { kind: cursor.unknown, message: cursor.message ?? 'Invalid cursor.' }
      : pageAt(walk, offset, limit);
  }
  const before = cursor.before ? c.req.query(cursor.before) || undefined : undefined;
  if (text !== undefined && before !== undefined) {
    return { kind: 'bad_request', message: `Give ${cursor.query} or ${cursor.before}, not both.` };
  }
  const anchor = text ?? before;
  if (anchor === undefined) return pageAt(walk, 0, limit);
  const job = state.store.get(route.vendor.name, anchor);
  if (!job || !inScope(job, scopeOf(route, params))) {
    return {
      kind: cursor.unknown,
      message: cursor.message ?? `No job ${JSON.stringify(anchor)} in this list.`,
    };
  }
  return text !== undefined ? pageAfter(walk, anchor, limit) : pageBefore(walk, anchor, limit);
}

/** The envelope's values; {{total}} walks every job, so only when the template asks for it. */
function envelope(
  request: ActionRequest,
  spec: ListSpec,
  page: Page,
  limit: number,
  walk: Walk,
  now: number,
) {
  const { c, route } = request;
  const cursor = cursorOf(spec);
  const link = (name: string, value: string, drop?: string) =>
    spec.next === 'url' ? withQuery(c.req.url, name, value, drop) : value;
  const ids = page.rows.map((row) => row.job.id);
  const first = ids[0];
  const last = ids[ids.length - 1];
  let next: string | undefined;
  let previous: string | undefined;
  if (cursor.style === 'after-id') {
    if (page.more && last !== undefined) next = link(cursor.query, last, cursor.before);
    if (page.ahead && cursor.before && first !== undefined)
      previous = link(cursor.before, first, cursor.query);
  } else {
    const { offset = 0 } = page;
    const position = POSITIONS[cursor.style];
    if (page.more) next = link(cursor.query, position.encode(offset + limit, limit));
    if (offset > 0) previous = link(cursor.query, position.encode(Math.max(0, offset - limit), limit));
  }
  const values: Record<string, unknown> = {
    items: page.rows.map((row) => row.body ?? route.vendor.body(row.job, now)),
    next,
    previous,
    has_more: page.backward ? page.ahead : page.more,
    first_id: first,
    last_id: last,
    offset: page.offset,
    limit,
    get total() {
      return countMatches(walk);
    },
  };
  return values;
}

/** The ordering and window query parameters, for the OpenAPI export. */
function orderParameters(spec: ListSpec): JsonObject[] {
  const out: JsonObject[] = [];
  if (spec.ordering) {
    const names = Object.keys(spec.ordering.fields).flatMap((n) => [n, `-${n}`]);
    out.push({
      name: spec.ordering.query,
      in: 'query',
      required: false,
      description: `Sort order (default ${spec.ordering.default}): ${names.join(', ')}; other names are ignored.`,
      schema: { type: 'string' },
    });
  }
  for (const [by, w] of Object.entries(spec.windows ?? {})) {
    const when = `Applies when ordering by ${by}.`;
    const forms = 'An ISO 8601 time or date, or relative to now (-7d, -1h).';
    out.push(
      {
        name: w.from,
        in: 'query',
        required: false,
        description: `Only jobs whose ${w.fromField.slice(1)} is at or after this (default ${w.default ?? 'none'}). ${forms} ${when}`,
        schema: { type: 'string' },
      },
      {
        name: w.to,
        in: 'query',
        required: false,
        description: `Only jobs whose ${w.toField.slice(1)} is at or before this (default now). ${forms} ${when}`,
        schema: { type: 'string' },
      },
    );
  }
  return out;
}

/** A page of a vendor's jobs, newest first, with the vendor's filters and continuation. */
export const list: Action = {
  handle(request) {
    const { route, state } = request;
    const spec = route.spec.list;
    if (!spec) return vendorErrorResponse(route, 'server_error');
    const now = state.clock.now();
    const limit = limitOf(request, spec);
    if (typeof limit === 'string') return vendorErrorResponse(route, 'bad_request', limit);
    const refused = unknownStatus(request, spec);
    if (refused) return refused;
    const walk = walkOf(request, spec, now);
    const page = pageOf(request, cursorOf(spec), walk, limit);
    if ('kind' in page) return vendorErrorResponse(route, page.kind, page.message);
    const values = envelope(request, spec, page, limit, walk, now);
    return send(
      fill(spec.body, (name) => own(values, name)),
      200,
    );
  },

  describe(d) {
    const spec = d.route.list as ListSpec;
    const cursor = cursorOf(spec);
    const parameters: JsonObject[] = [];
    if (spec.limit?.query) {
      parameters.push({
        name: spec.limit.query,
        in: 'query',
        required: false,
        description: `Page size (default ${spec.limit.default}, at most ${spec.limit.max}).`,
        schema: { type: 'string', pattern: '^[0-9]+$' },
      });
    }
    if (cursor.style === 'after-id') parameters.push(...idParameters(cursor));
    else {
      const { parameter } = POSITIONS[cursor.style];
      parameters.push({ name: cursor.query, in: 'query', required: false, ...parameter });
    }
    if (spec.statusFilter) {
      parameters.push({
        name: spec.statusFilter,
        in: 'query',
        required: false,
        description: 'Only jobs in these states (repeatable).',
        style: 'form',
        explode: true,
        schema: {
          type: 'array',
          items:
            spec.unknownStatus === undefined
              ? { type: 'string' }
              : { type: 'string', enum: Object.keys(d.vendor.vendor.lifecycle.status.states) },
        },
      });
    }
    for (const query of Object.keys(spec.fieldFilters ?? {})) {
      parameters.push({ name: query, in: 'query', required: false, schema: { type: 'string' } });
    }
    parameters.push(...orderParameters(spec));
    const jobs = [d.examples.job(), d.examples.job('failure')];
    const items = [d.examples.body(), d.examples.body(EXAMPLE_AT_MS, 'failure')];
    const values: Record<string, unknown> = {
      items,
      has_more: false,
      first_id: jobs[0]?.id,
      last_id: jobs[1]?.id,
      total: items.length,
      offset: cursor.style === 'after-id' ? undefined : 0,
      limit: spec.limit?.default ?? 100,
    };
    const example = fill(spec.body, (n) => own(values, n));
    return {
      parameters,
      responses: {
        '200': {
          description: 'A page of jobs, newest first',
          content: json(schemaOr(d, d.route.schema), example),
        },
      },
      kinds: cursor.unknown === 'not_found' ? ['bad_request', 'not_found'] : ['bad_request'],
    };
  },
};
