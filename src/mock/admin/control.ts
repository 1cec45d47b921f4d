import type { Hono } from 'hono';
import type { MockEnv } from '../body.js';
import { json } from '../respond.js';
import type { MockState } from '../state.js';
import { adminError, objectBody, refuse } from './respond.js';
import { type AdminChecks, TOO_FAR } from './schemas.js';

/** The largest time a JavaScript Date holds. */
const MAX_DATE_MS = 8.64e15;

/** The mock's own controls: its clock (advance; a real clock's speed and pause) and a reset (faults: faults.ts). */
export function controlRoutes(
  admin: Hono<MockEnv>,
  state: MockState,
  checks: AdminChecks,
  onReset?: () => void,
): void {
  const { store } = state;
  admin.get('/clock', () => json(state.clockInfo(), 200));
  admin.post('/clock', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    const refused = checks.clock(body);
    if (refused) return refuse(refused);
    const ms = body.advanceMs as number;
    if (state.clock.now() + ms > MAX_DATE_MS) return adminError(400, 'invalid_body', TOO_FAR);
    state.clock.advance(ms);
    return json(state.clockInfo(), 200);
  });

  // A real clock's pace (the control panel's pause and speed); a manual clock moves only by advanceMs.
  const realOnly = () =>
    adminError(409, 'not_supported', 'A manual clock moves only by POST /__jobkit/clock {"advanceMs"}.');
  admin.post('/clock/speed', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    const refused = checks.speed(body);
    if (refused) return refuse(refused);
    if (!state.clock.setSpeed) return realOnly();
    state.clock.setSpeed(body.speed as number);
    return json(state.clockInfo(), 200);
  });
  for (const change of ['pause', 'resume'] as const) {
    admin.post(`/clock/${change}`, () => {
      if (!state.clock[change]) return realOnly();
      state.clock[change]();
      return json(state.clockInfo(), 200);
    });
  }

  admin.post('/reset', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    state.reset({ demo: body.demo === true });
    onReset?.();
    return json({ jobs: store.size }, 200);
  });
}
