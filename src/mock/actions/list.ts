import type { JsonObject } from '../../util/json.js';
import { getAt } from '../../util/pointer.js';
import { json as send, vendorErrorResponse } from '../respond.js';
import { inScope, scopeOf } from '../routes.js';
import { fill } from '../template.js';
import type { ListSpec } from '../types.js';
import { type Action, type ActionRequest, json, schemaOr } from './types.js';

const EXAMPLE_AT_MS = 12_000;

function encodeCursor(offset: number): string {
  return Buffer.from(`o=${offset}`).toString('base64url');
}

function decodeCursor(token: string): number | undefined {
  const m = /^o=(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}

function withQuery(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.toString();
}

/** Conditions on the rendered body; without any, only the jobs on the page are rendered. */
function filters({ c, route, params }: ActionRequest, list: ListSpec) {
  const tests: ((body: Record<string, unknown>) => boolean)[] = [];
  const statuses = list.statusFilter ? c.req.queries(list.statusFilter) : undefined;
  const statusPointer = route.vendor.vendor.statusField;
  if (statuses && statuses.length > 0)
    tests.push((body) => statuses.includes(String(getAt(body, statusPointer))));
  for (const [query, pointer] of Object.entries(list.fieldFilters ?? {})) {
    const want = c.req.query(query);
    if (want !== undefined) tests.push((body) => String(getAt(body, pointer)) === want);
  }
  for (const [param, pointer] of Object.entries(list.match ?? {})) {
    tests.push((body) => String(getAt(body, pointer)) === params[param]);
  }
  return tests;
}

/** The page asked for: an offset and a size, or the bad_request message. */
function pageOf({ c }: ActionRequest, list: ListSpec): { offset: number; limit: number } | string {
  const cursorText = c.req.query(list.cursor);
  const offset = cursorText ? decodeCursor(cursorText) : 0;
  if (offset === undefined) return 'Invalid cursor.';
  let limit = list.limit?.default ?? 100;
  const asked = list.limit?.query ? c.req.query(list.limit.query) : undefined;
  if (asked !== undefined) {
    const n = Number(asked);
    if (!Number.isInteger(n) || n < 1) return `${list.limit?.query} must be a positive integer.`;
    limit = Math.min(n, list.limit?.max ?? n);
  }
  return { offset, limit };
}

/** A page of a vendor's jobs, newest first, with the vendor's filters and continuation. */
export const list: Action = {
  handle(request) {
    const { c, route, params, state } = request;
    const spec = route.spec.list;
    if (!spec) return vendorErrorResponse(route, 'server_error');
    const now = state.clock.now();
    const tests = filters(request, spec);
    const page = pageOf(request, spec);
    if (typeof page === 'string') return vendorErrorResponse(route, 'bad_request', page);
    const { offset, limit } = page;
    const end = offset + limit;
    const scope = scopeOf(route, params);
    const items: Record<string, unknown>[] = [];
    /** Jobs matching so far, newest first; the page is those from `offset` to `end`. */
    let matched = 0;
    for (const job of state.store.newest(route.vendor.name)) {
      if (!inScope(job, scope)) continue;
      let body: Record<string, unknown> | undefined;
      if (tests.length > 0) {
        const rendered = route.vendor.body(job, now);
        if (!tests.every((test) => test(rendered))) continue;
        body = rendered;
      }
      if (matched >= offset && matched < end) items.push(body ?? route.vendor.body(job, now));
      matched++;
      // `next` only asks whether any job matches past the page: one more is enough.
      if (matched > end) break;
    }
    const token = (o: number) =>
      spec.next === 'url' ? withQuery(c.req.url, spec.cursor, encodeCursor(o)) : encodeCursor(o);
    const values: Record<string, unknown> = {
      items,
      next: end < matched ? token(end) : undefined,
      previous: offset > 0 ? token(Math.max(0, offset - limit)) : undefined,
    };
    return send(
      fill(spec.body, (name) => values[name]),
      200,
    );
  },

  describe(d) {
    const spec = d.route.list as ListSpec;
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
    parameters.push({
      name: spec.cursor,
      in: 'query',
      required: false,
      description: 'Opaque continuation token from the previous page.',
      schema: { type: 'string' },
    });
    if (spec.statusFilter) {
      parameters.push({
        name: spec.statusFilter,
        in: 'query',
        required: false,
        description: 'Only jobs in these states (repeatable).',
        style: 'form',
        explode: true,
        schema: { type: 'array', items: { type: 'string' } },
      });
    }
    for (const query of Object.keys(spec.fieldFilters ?? {})) {
      parameters.push({ name: query, in: 'query', required: false, schema: { type: 'string' } });
    }
    const items = [d.examples.body(), d.examples.body(EXAMPLE_AT_MS, 'failure')];
    const example = fill(spec.body, (n) => (n === 'items' ? items : undefined));
    return {
      parameters,
      responses: {
        '200': {
          description: 'A page of jobs, newest first',
          content: json(schemaOr(d, d.route.schema), example),
        },
      },
      kinds: ['bad_request'],
    };
  },
};
