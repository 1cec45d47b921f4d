import type { Hono } from 'hono';
import type { MockEnv } from '../body.js';
import type { Fault } from '../faults.js';
import { quoted } from '../ids.js';
import { json } from '../respond.js';
import type { MockState } from '../state.js';
import { adminError, objectBody, refuse } from './respond.js';
import type { AdminChecks } from './schemas.js';

/** Injected faults: add one (schema-checked), list them with what each has left, remove one or all. */
export function faultRoutes(admin: Hono<MockEnv>, state: MockState, checks: AdminChecks): void {
  admin.get('/faults', () => json({ faults: state.faults.list() }, 200));
  admin.post('/faults', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    const refused = checks.fault(body);
    if (refused) return refuse(refused);
    return json(state.faults.add(body as Omit<Fault, 'id'>), 201);
  });
  admin.delete('/faults', () => {
    state.faults.clear();
    return json(undefined, 204);
  });
  admin.delete('/faults/:id', (c) =>
    state.faults.remove(c.req.param('id'))
      ? json(undefined, 204)
      : adminError(404, 'fault_not_found', `No fault ${quoted(c.req.param('id'))}.`),
  );
}
