import { json as send } from '../respond.js';
import { fill } from '../template.js';
import { type Action, json, schemaOr } from './types.js';

/** A fixed answer (a vendor's no-op routes). */
export const staticAction: Action = {
  handle({ route }) {
    const response = route.spec.response ?? { status: 204 };
    return send(
      response.body === undefined ? undefined : fill(response.body, () => undefined),
      response.status,
      response.headers,
    );
  },

  describe(d) {
    const response = d.route.response ?? { status: 204 };
    const example = response.body === undefined ? undefined : fill(response.body, () => undefined);
    return {
      responses: {
        [String(response.status)]: {
          description: 'OK',
          ...(example === undefined ? {} : { content: json(schemaOr(d, d.route.schema), example) }),
        },
      },
      kinds: [],
    };
  },
};
