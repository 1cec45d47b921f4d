import { Hono } from 'hono';
import { type MockEnv, readBody } from '../body.js';
import { json } from '../respond.js';
import type { MockState } from '../state.js';
import { controlRoutes } from './control.js';
import type { AdminGuard } from './guard.js';
import { jobRoutes } from './jobs.js';
import { adminError } from './respond.js';
import { adminChecks } from './schemas.js';

export interface AdminOptions {
  state: MockState;
  maxBodyBytes: number;
  /** Who may call it (guard.ts); checked before the body is read. */
  guard: AdminGuard;
}

/** jobkit's own API under /__jobkit: jobs, their endings, the clock, reset and faults. */
export function createAdmin({ state, maxBodyBytes, guard }: AdminOptions): Hono<MockEnv> {
  const admin = new Hono<MockEnv>();
  const checks = adminChecks(state);
  const { store, vendors } = state;

  admin.use('*', guard.middleware);
  admin.use(
    '*',
    readBody(maxBodyBytes, () =>
      adminError(413, 'payload_too_large', `Body is too large: the limit is ${maxBodyBytes} bytes.`),
    ),
  );

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
  return admin;
}
