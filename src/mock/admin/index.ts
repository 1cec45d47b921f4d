import { Hono } from 'hono';
import { type MockEnv, readBody } from '../body.js';
import { json } from '../respond.js';
import type { MockState } from '../state.js';
import { controlRoutes } from './control.js';
import { faultRoutes } from './faults.js';
import type { AdminGuard } from './guard.js';
import { jobRoutes } from './jobs.js';
import { adminError } from './respond.js';
import { scenarioRoutes } from './scenarios.js';
import { adminChecks } from './schemas.js';

/** The admin routes whose POST takes a JSON body. */
const BODY_ROUTES = ['/jobs', '/clock', '/reset', '/faults', '/scenarios'];

export interface AdminOptions {
  state: MockState;
  maxBodyBytes: number;
  /** Who may call it (guard.ts); checked before the body is read. */
  guard: AdminGuard;
}

/** jobkit's own API under /__jobkit: jobs, their endings, the clock, reset, faults and scenario rules. */
export function createAdmin({ state, maxBodyBytes, guard }: AdminOptions): Hono<MockEnv> {
  const admin = new Hono<MockEnv>();
  const checks = adminChecks(state);
  const { store, vendors } = state;

  admin.use('*', guard.middleware);
  // Only the routes that take a body read one; any other request's body is left unread.
  const read = readBody(maxBodyBytes, () =>
    adminError(413, 'payload_too_large', `Body is too large: the limit is ${maxBodyBytes} bytes.`),
  );
  for (const path of BODY_ROUTES) admin.post(path, read);

  // Where the served vendors, their scenarios and routes are listed.
  admin.get('/', () =>
    json(
      {
        jobkit: true,
        clock: state.clockInfo(),
        jobs: store.size,
        vendors: [...vendors.values()].map((mv) => ({
          name: mv.name,
          title: mv.vendor.title,
          scenarios: Object.fromEntries(
            Object.entries(mv.spec.scenarios).map(([k, s]) => [k, s.description]),
          ),
          routes: state.routes.filter((r) => r.vendor === mv.name).map((r) => `${r.method} ${r.path}`),
        })),
      },
      200,
    ),
  );

  jobRoutes(admin, state, checks);
  controlRoutes(admin, state, checks);
  faultRoutes(admin, state, checks);
  scenarioRoutes(admin, state, checks);
  return admin;
}
