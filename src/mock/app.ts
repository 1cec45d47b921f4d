import { type Context, Hono } from 'hono';
import { tryDecodeURIComponent } from 'hono/utils/url';
import { ACTIONS, type ServedRoute } from './actions/index.js';
import { type AdminAccessOptions, type AdminGuard, createAdminGuard } from './admin/guard.js';
import { createAdmin } from './admin/index.js';
import { authRequired, credentialProblem, type RequireAuth } from './auth.js';
import { closeUnread, type MockEnv, readBody } from './body.js';
import { type CorsOptions, CorsPolicy } from './cors.js';
import { faulted } from './fault-answer.js';
import { bindHooks } from './hooks.js';
import { logRequest, type RequestLogger, recording } from './log-request.js';
import { createRateLimits, type RateLimitOverride, type RateLimits } from './rate-limit/index.js';
import { json, preflight, toResponse, vendorErrorResponse } from './respond.js';
import { type CompiledRoute, invalidId, unsupportedParam } from './routes.js';
import { createMockState, type MockState, type MockStateOptions } from './state.js';
import { StatusAnswers, type StatusOptions } from './status.js';
import { mountMethodNotAllowed, notFoundHandler } from './unmatched.js';
import { createWebhooks, type WebhookRule, type Webhooks } from './webhooks/index.js';

export interface MockAppOptions extends MockStateOptions {
  /** One line per finished webhook delivery (the request log's lines are `log`'s). */
  webhookLog?: (line: string) => void;
  /** Request bodies above this are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** One line per request, with its record (vendor, job, state, fault); nothing is logged when absent. */
  log?: RequestLogger;
  /** Bounds of the status answers' memos (tests and benchmarks turn the body reuse off). */
  status?: StatusOptions;
  /** An existing state to serve (default: one made from these options). */
  state?: MockState;
  /** Who may use the admin API: a token, allowed origins (default: no token, only the mock's own origins). */
  admin?: AdminAccessOptions;
  /**
   * Check each vendor's credential format (its api.auth) on its routes: true for every vendor,
   * or the vendors named (default: none, so curl keeps working).
   */
  requireAuth?: RequireAuth;
  /** Webhook rules to start with (more through POST /__jobkit/webhooks); a server looks for changes. */
  webhooks?: WebhookRule[];
  /** Who may call from a browser (default: any origin, no credentials). */
  cors?: CorsOptions;
  /**
   * By vendor, another request window than its file's `api.rateLimit` ({limit, windowMs}), or
   * false to serve it unlimited (default: each vendor's own).
   */
  rateLimits?: Readonly<Record<string, RateLimitOverride>>;
}

export interface MockApp {
  app: Hono<MockEnv>;
  state: MockState;
  /** Status GETs, answered the same through Hono and the node:http fast path. */
  status: StatusAnswers;
  /** The admin API's access rules (a server adds its own origins once bound). */
  admin: AdminGuard;
  /** Webhook rules and deliveries: `check()` sends what changed (a server calls it on an interval). */
  webhooks: Webhooks;
  log?: RequestLogger;
  /** Whose credentials are checked (the fast path leaves those requests to Hono). */
  requireAuth?: RequireAuth;
  /** The CORS policy beyond the default headers, when one was asked for (the fast path applies it too). */
  cors?: CorsPolicy;
  /** The vendors' request windows, when any vendor has one (its requests go through Hono). */
  rateLimits?: RateLimits;
  /** Ends the waits of injected delays now (a server cutting its last requests at shutdown). */
  stop(): void;
}

// `process` is absent in a browser (the MSW handlers): there the reuse is on.
const BODY_CACHE = globalThis.process?.env?.JOBKIT_BODY_CACHE === '0' ? 0 : 1024;

function pathParams(c: Context, r: ServedRoute): Record<string, string> {
  const out: Record<string, string> = {};
  const m = r.mixed ? r.pattern.exec(c.req.path) : null;
  if (m) {
    r.params.forEach((name, i) => {
      out[name] = tryDecodeURIComponent(m[i + 1] ?? '');
    });
    return out;
  }
  r.params.forEach((name, i) => {
    out[name] = c.req.param(`p${i}`) ?? '';
  });
  return out;
}

/** The vendor's 401/403 for a missing or malformed credential, when this route checks one. */
function authAnswer(c: Context, r: CompiledRoute, require: RequireAuth | undefined): Response | undefined {
  const spec = r.api.auth;
  if (spec === undefined || !authRequired(require, r.vendor.name)) return undefined;
  const problem = credentialProblem(spec, c.req.header('authorization'));
  return problem === undefined ? undefined : vendorErrorResponse(r, problem);
}

function mountRoutes(
  app: Hono<MockEnv>,
  served: ServedRoute[],
  mock: MockApp,
  maxBodyBytes: number,
  stopped: AbortSignal,
): void {
  const { state, status } = mock;
  for (const r of served) {
    const action = ACTIONS[r.spec.action];
    if (r.spec.method !== 'GET') {
      const tooLarge = `Request body is too large: the limit is ${maxBodyBytes} bytes.`;
      app.on(
        r.spec.method,
        r.honoPaths,
        readBody(maxBodyBytes, () => vendorErrorResponse(r, 'payload_too_large', tooLarge)),
      );
    }
    // The status action's answer carries the vendor's headers already (status.ts).
    const own = r.spec.action === 'status' ? undefined : r.headers;
    const contentType = r.api.contentType;
    const errorType = r.api.errors.contentType !== undefined;
    app.on(r.spec.method, r.honoPaths, async (c) => {
      const refused = authAnswer(c, r, mock.requireAuth);
      if (refused) return refused;
      const params = pathParams(c, r);
      const unsupported = unsupportedParam(r, params);
      if (unsupported !== undefined) return vendorErrorResponse(r, 'unsupported', unsupported);
      const badId = invalidId(r, params);
      if (badId !== undefined) return vendorErrorResponse(r, 'bad_request', badId);
      const run = async () => {
        let id: string | undefined;
        const requestId = () => (id ??= globalThis.crypto.randomUUID());
        const origin = () => new URL(c.req.url).origin;
        const res = await action.handle({ c, route: r, params, state, status, requestId, origin });
        // Error bodies carry their own request id in their headers; the rest get this request's here.
        if (own && res.status < 400)
          for (const [name, value] of own(requestId())) res.headers.set(name, value);
        // An error answer of a vendor whose errors have a type of their own set it (respond.ts).
        if (contentType !== undefined && res.headers.has('content-type') && !(res.status >= 400 && errorType))
          res.headers.set('content-type', contentType);
        return res;
      };
      return state.faults.size > 0 ? faulted(c, state, r, params, run, stopped) : run();
    });
  }
}

/**
 * The status answers both transports send. A vendor whose credential is checked or whose rate is
 * limited is answered by Hono, which runs those checks; the rest keep the fast path.
 */
function statusAnswers(state: MockState, options: MockAppOptions, rateLimits: RateLimits | undefined) {
  const { requireAuth } = options;
  const limited = rateLimits?.vendors;
  return new StatusAnswers(state, {
    bodies: BODY_CACHE,
    ...options.status,
    ...(requireAuth || limited
      ? { viaHono: (vendor: string) => authRequired(requireAuth, vendor) || (limited?.has(vendor) ?? false) }
      : {}),
  });
}

/**
 * The mock as a Hono app: CORS, vendor routes (each action from the registry, behind the
 * vendor's credential check when asked), the admin API under /__jobkit, the vendors' 405s and
 * 404s on their own paths, and jobkit's own 404 and 500 answers.
 */
export function createMockApp(options: MockAppOptions): MockApp {
  const state = options.state ?? createMockState(options);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const rateLimits = createRateLimits({
    state,
    ...(options.rateLimits ? { overrides: options.rateLimits } : {}),
  });
  const status = statusAnswers(state, options, rateLimits);
  const app = new Hono<MockEnv>();
  const admin = createAdminGuard(options.admin);
  const stopping = new AbortController();
  const webhooks = createWebhooks({
    state,
    ...(options.webhooks ? { rules: options.webhooks } : {}),
    ...(options.webhookLog ? { log: options.webhookLog } : {}),
  });
  const cors = CorsPolicy.create(options.cors);
  const mock: MockApp = {
    app,
    state,
    status,
    admin,
    webhooks,
    ...(options.log ? { log: options.log } : {}),
    ...(options.requireAuth ? { requireAuth: options.requireAuth } : {}),
    ...(cors ? { cors } : {}),
    ...(rateLimits ? { rateLimits } : {}),
    stop: () => stopping.abort(),
  };

  // Outermost: it rewrites the CORS headers of every answer, preflights and errors included.
  if (cors) {
    app.use('*', async (c, next) => {
      await next();
      cors.apply(c.res.headers, c.req.header('origin'));
    });
  }
  if (recording(mock)) {
    app.use('*', async (c, next) => {
      const time = state.clock.now();
      const wallTime = Date.now();
      const start = performance.now();
      await next();
      const fault = c.get('fault');
      logRequest(mock, {
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.res.status,
        time,
        wallTime,
        latencyMs: performance.now() - start,
        retryAfter: c.res.headers.get('retry-after'),
        ...(fault ? { fault } : {}),
      });
    });
  }
  // Every answer carries the CORS headers itself (respond.ts); only preflights are answered here.
  // A vendor's own declared headers widen the expose list of every answer (status answers and
  // their errors carry it already).
  const expose = status.expose;
  if (expose !== undefined) {
    app.use('*', async (c, next) => {
      await next();
      if (c.res.headers.has('access-control-expose-headers'))
        c.res.headers.set('access-control-expose-headers', expose);
    });
  }
  app.use('*', closeUnread);
  app.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS')
      return toResponse(preflight(c.req.header('access-control-request-headers')));
    await next();
  });
  if (rateLimits) app.use('*', rateLimits.middleware);

  app.route(
    '/__jobkit',
    createAdmin({
      state,
      maxBodyBytes,
      guard: admin,
      webhooks,
      ...(rateLimits ? { onReset: () => rateLimits.clear() } : {}),
    }),
  );
  const served = state.compiled.map((r) => ({ ...r, hooks: bindHooks(r.spec.create?.hooks) }));
  mountRoutes(app, served, mock, maxBodyBytes, stopping.signal);

  mountMethodNotAllowed(app, served);
  app.notFound(notFoundHandler(state));
  app.onError((error) =>
    json({ error: { code: 'internal_error', message: `jobkit failed to answer: ${error.message}` } }, 500),
  );
  return mock;
}
