import { pathOf, toResponse } from '../respond.js';
import { resolved } from '../status.js';
import { type Action, headersPart, json } from './types.js';

/** GET of one job's status: the answer the node:http fast path sends too (status.ts). */
export const status: Action = {
  handle({ c, route, params, status: answers, origin }) {
    const path = pathOf(c.req.url);
    const hit = answers.resolve(path);
    // Hono may read a path the patterns do not (percent-encoded literals): its parameters then.
    const chosen = hit?.route.spec === route.spec ? hit : resolved(route, params, path);
    return toResponse(answers.answerResolved(chosen, origin));
  },

  describe(d) {
    const { vendor, examples, ref } = d;
    const job = examples.job();
    const body = examples.body();
    return {
      responses: {
        [String(d.route.response?.status ?? 200)]: {
          description: "The job's status",
          ...headersPart(d, job, job.createdAt + examples.atMs, body),
          content: json(ref(vendor.vendor.root), body),
        },
      },
      kinds: ['not_found'],
    };
  },
};
