import type { ValidateFunction } from 'ajv';
import type { Hono } from 'hono';
import { toIssues } from '../../schema/issues.js';
import type { MockEnv } from '../body.js';
import { json } from '../respond.js';
import type { MockState } from '../state.js';
import type { WebhookRule, Webhooks } from '../webhooks/index.js';
import { objectBody, refuse } from './respond.js';

function ruleSchema(state: MockState) {
  return {
    type: 'object',
    required: ['url', 'secret'],
    additionalProperties: false,
    properties: {
      url: { type: 'string', pattern: '^https?://[^\\s]+$', maxLength: 2048 },
      secret: { type: 'string', minLength: 1, maxLength: 1024 },
      vendor: { type: 'string', enum: [...state.vendors.keys()] },
      on: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['state', 'end'] } },
      retries: { type: 'integer', minimum: 0, maximum: 10 },
    },
  };
}

/** A rule as the API shows it: its secret is never sent back. */
const shown = ({ secret: _secret, ...rule }: WebhookRule) => rule;

/** Webhook rules (add, list, remove all) and the log of their deliveries. */
export function webhookRoutes(admin: Hono<MockEnv>, state: MockState, webhooks: Webhooks): void {
  // Compiled on the first rule added, as the other admin schemas (schemas.ts).
  let validate: ValidateFunction | undefined;
  admin.get('/webhooks', () =>
    json({ webhooks: webhooks.list().map(shown), deliveries: webhooks.deliveries() }, 200),
  );
  admin.post('/webhooks', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    validate ??= state.createAjv().compile(ruleSchema(state));
    if (!validate(body)) {
      const issues = toIssues(validate.errors, body);
      const first = issues[0];
      const where = first?.pointer ? ` at ${first.pointer}` : '';
      return refuse({
        status: 400,
        code: 'invalid_webhook',
        message: `Webhook rule refused${where}: ${first?.message ?? 'it does not match the schema'}.`,
        issues,
      });
    }
    const rule = body as unknown as WebhookRule;
    webhooks.add(rule);
    return json(shown(rule), 201);
  });
  admin.delete('/webhooks', () => {
    webhooks.clear();
    return json(undefined, 204);
  });
}
