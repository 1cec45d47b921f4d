import { own } from '../../util/json.js';
import { getAt } from '../../util/pointer.js';
import { jobHeadersNow } from '../job-headers.js';
import { renderRecords } from '../records.js';
import { json as send, vendorErrorResponse } from '../respond.js';
import { fill, type Lookup } from '../template.js';
import type { RouteSpec } from '../types.js';
import { type Action, headersPart, json, schemaOr } from './types.js';

/** The job whose status body holds a path parameter at a pointer (Pinpoint's by-segment lookup). */
export const lookup: Action = {
  handle(req) {
    const { route, params, state } = req;
    const spec = route.spec.lookup;
    if (!spec) return vendorErrorResponse(route, 'server_error');
    const want = own(params, spec.param);
    const now = state.clock.now();
    for (const job of state.store.list(route.vendor.name)) {
      const body = route.vendor.body(job, now);
      if (getAt(body, spec.pointer) !== want) continue;
      const inWhen = !spec.when || spec.when.includes(String(route.vendor.vendor.readStatus(body)));
      if (!inWhen && !spec.otherwise) continue;
      const response = inWhen ? (route.spec.response ?? { status: 200, body: '{{body}}' }) : spec.otherwise;
      if (!response) continue;
      const values: Lookup = (name) => {
        if (name === 'body') return body;
        if (name.startsWith('body:')) return getAt(body, name.slice(5));
        if (name.startsWith('request:'))
          return job.request === undefined ? undefined : getAt(job.request, name.slice(8));
        if (name.startsWith('param.')) return params[name.slice(6)];
        if (name === 'job.id') return job.id;
        if (name === 'records' && spec.records) {
          const items = getAt(job.request, route.vendor.vendor.lifecycle.mock?.work.totalFrom ?? '');
          return renderRecords(spec.records, job, items, route.vendor.snapshot(job, now), values);
        }
        return undefined;
      };
      const headers = route.jobHeaders
        ? jobHeadersNow(
            route.jobHeaders,
            { job, now, body: () => body, state: () => route.vendor.snapshot(job, now).state },
            req,
          )
        : undefined;
      return send(fill(response.body, values), response.status, headers);
    }
    return vendorErrorResponse(route, 'not_found');
  },

  describe(d) {
    const spec = d.route.lookup as NonNullable<RouteSpec['lookup']>;
    const done = d.examples.finished();
    const response = d.route.response ?? { status: 200, body: '{{body}}' };
    const example = fill(response.body, (n) => {
      if (n === 'body') return done;
      if (n.startsWith('body:')) return getAt(done, n.slice(5));
      // Example jobs have no create request: an empty list stands for what the client sent.
      if (n.startsWith('request:')) return [];
      if (n === 'records') return spec.records?.omitEmpty ? undefined : [];
      if (n.startsWith('param.'))
        return n.slice(6) === spec.param ? String(getAt(done, spec.pointer) ?? 'id') : undefined;
      return undefined;
    });
    return {
      responses: {
        [String(response.status)]: {
          description: 'OK',
          // finished() is the example job an hour after its creation.
          ...headersPart(d, d.examples.job(), d.examples.job().createdAt + 3600_000, done),
          content: json(schemaOr(d, d.route.schema), example),
        },
        ...(spec.otherwise
          ? {
              [String(spec.otherwise.status)]: {
                description: `The job is not yet ${(spec.when ?? []).join(' or ')}`,
                content: json(
                  { type: 'object' },
                  fill(spec.otherwise.body, () => undefined),
                ),
              },
            }
          : {}),
      },
      kinds: ['not_found'],
    };
  },
};
