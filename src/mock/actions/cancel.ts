import { jobHeadersNow } from '../job-headers.js';
import { notFoundAnswer, json as send, toResponse, vendorErrorAnswer } from '../respond.js';
import { fill } from '../template.js';
import { findJob } from './find.js';
import { type Action, headersPart, json, schemaOr } from './types.js';

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The vendor's own cancel: ends the job as its lifecycle's `cancel` control says. */
export const cancel: Action = {
  handle(req) {
    const { route, params, state } = req;
    const job = findJob(state, route, params);
    if (!job) return toResponse(notFoundAnswer(route, params, (v, id) => state.store.wasEvicted(v, id)));
    const done = state.end(job, 'cancel');
    if (!done.ok) {
      return toResponse(
        vendorErrorAnswer(
          route,
          'cancel_refused',
          done.why === 'refused' ? capitalize(done.reason) : undefined,
          {},
          { state: route.vendor.snapshot(job, state.clock.now()).state },
        ),
      );
    }
    const response = route.spec.response ?? { status: 204 };
    const now = state.clock.now();
    let rendered: Record<string, unknown> | undefined;
    const jobBody = () => (rendered ??= route.vendor.body(job, now));
    const body =
      response.body === undefined
        ? undefined
        : fill(response.body, (name) => (name === 'body' ? jobBody() : undefined));
    const headers = route.jobHeaders
      ? jobHeadersNow(
          route.jobHeaders,
          { job, now, body: jobBody, state: () => route.vendor.snapshot(job, now).state },
          req,
        )
      : undefined;
    return send(body, response.status, headers);
  },

  describe(d) {
    const response = d.route.response ?? { status: 204 };
    const job = d.examples.job();
    const body = d.examples.body();
    const example =
      response.body === undefined ? undefined : fill(response.body, (n) => (n === 'body' ? body : undefined));
    return {
      responses: {
        [String(response.status)]: {
          description: 'Cancelled',
          ...headersPart(d, job, job.createdAt + d.examples.atMs, body),
          ...(example === undefined ? {} : { content: json(schemaOr(d, d.route.schema), example) }),
        },
      },
      kinds: ['not_found', 'cancel_refused'],
    };
  },
};
