import type { Hono } from 'hono';
import type { MockEnv } from '../body.js';
import { quoted } from '../ids.js';
import { json } from '../respond.js';
import type { ScenarioRule } from '../scenarios.js';
import type { MockState } from '../state.js';
import { adminError, objectBody, refuse } from './respond.js';
import type { AdminChecks } from './schemas.js';

/** Scenario rules: add one (schema-checked), list them with what each has left, remove one or all. */
export function scenarioRoutes(admin: Hono<MockEnv>, state: MockState, checks: AdminChecks): void {
  admin.get('/scenarios', () => json({ rules: state.scenarios.list() }, 200));
  admin.post('/scenarios', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    const refused = checks.scenarioRule(body);
    if (refused) return refuse(refused);
    return json(state.scenarios.add(body as unknown as ScenarioRule), 201);
  });
  admin.delete('/scenarios', () => {
    state.scenarios.clear();
    return json(undefined, 204);
  });
  admin.delete('/scenarios/:id', (c) =>
    state.scenarios.remove(c.req.param('id'))
      ? json(undefined, 204)
      : adminError(404, 'rule_not_found', `No scenario rule ${quoted(c.req.param('id'))}.`),
  );
}
