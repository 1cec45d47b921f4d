import { Hono } from 'hono';
import { type MockEnv, readBody } from '../body.js';
import { createPanel, wantsPanel } from '../panel/index.js';
import { json } from '../respond.js';
import type { MockState } from '../state.js';
import type { Webhooks } from '../webhooks/index.js';
import { controlRoutes } from './control.js';
import { faultRoutes } from './faults.js';
import type { AdminGuard } from './guard.js';
import { jobRoutes } from './jobs.js';
import { requestRoutes } from './requests.js';
import { adminError } from './respond.js';
import { scenarioRoutes } from './scenarios.js';
import { adminChecks } from './schemas.js';
import { webhookRoutes } from './webhooks.js';

/** The admin routes whose POST takes a JSON body. */
const BODY_ROUTES = ['/jobs', '/clock', '/clock/speed', '/reset', '/faults', '/webhooks', '/scenarios'];

export interface AdminOptions {
  state: MockState;
  maxBodyBytes: number;
  /** Who may call it (guard.ts); checked before the body is read. */
  guard: AdminGuard;
  /** The app's webhook rules and deliveries (no /webhooks routes without them). */
  webhooks?: Webhooks;
  /** What a reset clears besides the state (the rate-limit windows). */
  onReset?: () => void;
}

/** jobkit's own API under /__jobkit: jobs, their endings, the clock, reset, faults, scenario rules, webhooks, the request log and the control panel. */
export function createAdmin({ state, maxBodyBytes, guard, webhooks, onReset }: AdminOptions): Hono<MockEnv> {
  const admin = new Hono<MockEnv>();
  const checks = adminChecks(state);
  const { store, vendors } = state;

  // The control panel's page and script hold nothing of the mock's state, so they come before the
  // guard: with --admin-token the page must load to ask for the token, and every call it then makes
  // meets the guard. Mounted at /__jobkit, '/' is /__jobkit only; the empty parameter is /__jobkit/
  // (the app's routing is strict about trailing slashes, which vendor paths need).
  const INDEX = ['/', '/:slash{^$}'];
  const panel = createPanel();
  admin.route('/', panel.app);
  admin.on('GET', INDEX, (c, next) => (wantsPanel(c) ? panel.page() : next()));

  admin.use('*', guard.middleware);
  // Only the routes that take a body read one; any other request's body is left unread.
  const read = readBody(maxBodyBytes, () =>
    adminError(413, 'payload_too_large', `Body is too large: the limit is ${maxBodyBytes} bytes.`),
  );
  for (const path of BODY_ROUTES) admin.post(path, read);

  // Where the served vendors, their scenarios and routes are listed (a browser got the panel above).
  admin.on('GET', INDEX, () =>
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
  controlRoutes(admin, state, checks, onReset);
  faultRoutes(admin, state, checks);
  if (webhooks) webhookRoutes(admin, state, webhooks);
  requestRoutes(admin, state);
  scenarioRoutes(admin, state, checks);
  return admin;
}
