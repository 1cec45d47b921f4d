import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import { JobkitError } from '../errors.js';
import type { Job } from '../lifecycle/engine.js';
import { createRandom, fillIdTemplate, hashSeed } from '../lifecycle/random.js';
import { isObject, parseJsonLocated } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import type { Registry } from '../vendors/registry.js';
import { type Clock, createRealClock } from './clock.js';
import { type VendorErrorResponse, vendorError } from './errors.js';
import { Faults } from './faults.js';
import { finishedBy, MockVendor } from './jobs.js';
import { JobStore } from './store.js';
import { fill } from './template.js';
import type { ApiSpec, CreateSpec, ErrorKindName, RouteSpec } from './types.js';

export interface MockServerOptions {
  registry: Registry;
  /** Vendors to serve (default: every vendor whose lifecycle file has a `mock` section). */
  vendors?: string[];
  /** Same seed, same jobs: ids, timelines and fixtures (default 1). */
  seed?: number;
  clock?: Clock;
  /** Jobs held at most (default 100,000). */
  maxJobs?: number;
  /** Finished jobs are forgotten this long after finishing, in clock ms (default 24 h). */
  finishedTtlMs?: number;
  /** Request bodies above this are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /**
   * Called after a sweep forgets many jobs (a full garbage collection, in `jobkit serve`), so
   * memory returns to its steady state at once instead of whenever V8 next decides to collect.
   */
  collect?: () => void;
  /** One line per request; nothing is logged when absent. */
  log?: (line: string) => void;
}

export interface RouteInfo {
  vendor: string;
  method: string;
  path: string;
  action: RouteSpec['action'];
  summary?: string;
}

export interface JobSummary {
  id: string;
  vendor: string;
  scenario: string;
  state: string;
  terminal: string | null;
  progress: number;
  createdAt: string;
  statusUrl: string | null;
}

export interface MockServer {
  app: Hono;
  clock: Clock;
  store: JobStore;
  vendors: Map<string, MockVendor>;
  routes: RouteInfo[];
  faults: Faults;
  createJob(options: {
    vendor: string;
    scenario?: string;
    id?: string;
    params?: Record<string, string>;
  }): Job;
  /** One job per vendor and scenario, for a frontend developer to poll at once. */
  createDemoJobs(): Job[];
  statusPath(job: Job): string | undefined;
  summary(job: Job, origin?: string): JobSummary;
  reset(options?: { demo?: boolean }): void;
  sweep(): number;
  /**
   * The hot path, outside Hono: the JSON body and headers of a status GET for a known job, or
   * undefined when anything else should answer (Hono then does, with the same result).
   */
  fastStatus(url: string): { body: string; headers: Record<string, string> } | undefined;
  /** Whether requests are logged (the fast path logs too). */
  log?: (line: string) => void;
}

/** Generic routes for a user's vendor whose lifecycle file has a `mock` but no `api` section. */
function defaultApi(vendor: string): ApiSpec {
  const base = `/${vendor}/jobs`;
  return {
    routes: [
      {
        method: 'POST',
        path: base,
        action: 'create',
        create: { response: { status: 201, body: '{{body}}' } },
      },
      {
        method: 'GET',
        path: base,
        action: 'list',
        list: {
          limit: { query: 'limit', default: 50, max: 500 },
          cursor: 'cursor',
          next: 'token',
          body: { jobs: '{{items}}', next: '{{next|null}}' },
        },
      },
      { method: 'GET', path: `${base}/{id}`, action: 'status' },
      {
        method: 'POST',
        path: `${base}/{id}/cancel`,
        action: 'cancel',
        response: { status: 200, body: '{{body}}' },
      },
    ],
    errors: { body: { error: { code: '{{code}}', message: '{{message}}' } }, kinds: {} },
  };
}

interface CompiledRoute {
  vendor: MockVendor;
  api: ApiSpec;
  spec: RouteSpec;
  /** Path parameter names in order; Hono sees them as :p0, :p1, … */
  params: string[];
  honoPath: string;
  /** The vendor's own headers for one answer (ApiSpec.headers), if it sends any. */
  headers?: VendorHeaders;
}

/** Pairs rather than an object, so each header is set under its own name, in the template's order. */
type VendorHeaders = (requestId: string) => [name: string, value: string][];

/** Stands for the request id while a header template is filled once, ahead of any request. */
const REQUEST_ID_MARK = '\u0000requestId\u0000';

/**
 * ApiSpec.headers filled once: each value is kept as the text around its {{requestId}} holes,
 * so an answer only joins strings. The request id is the template's one per-request value.
 */
function vendorHeaders(templates: Record<string, string> | undefined): VendorHeaders | undefined {
  if (!templates) return undefined;
  const mark = (n: string) => (n === 'requestId' ? REQUEST_ID_MARK : undefined);
  const compiled = Object.entries(templates).map(([name, template]) => {
    // A template holding the mark's own text (never a valid header value) is filled per answer.
    const parts =
      typeof template === 'string' && !template.includes(REQUEST_ID_MARK)
        ? String(fill(template, mark)).split(REQUEST_ID_MARK)
        : undefined;
    return { name, template, parts };
  });
  return (requestId) =>
    compiled.map(({ name, template, parts }) => [
      name,
      parts
        ? parts.join(requestId)
        : String(fill(template, (n) => (n === 'requestId' ? requestId : undefined))),
    ]);
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };
const MAX_ADVANCE_MS = 10 * 365 * 24 * 3600_000;
/** Forgetting this many jobs at once is worth a full collection (see MockServerOptions.collect). */
const COLLECT_AFTER = 5000;
/** Jobs whose last rendering is kept for reuse within the same clock millisecond. */
const BODY_CACHE = process.env.JOBKIT_BODY_CACHE === '0' ? 0 : 1024;
/** What Hono's JSON and CORS middleware put on a status answer; the fast path sends the same. */
const FAST_HEADERS = {
  ...JSON_HEADERS,
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'Retry-After,x-amzn-ErrorType,x-amzn-RequestId,Location,X-Jobkit-Detail',
};
/** Paths whose routing the fast path remembers (cleared when full). */
const FAST_PATHS = 4096;

interface FastRoute {
  route: CompiledRoute;
  pattern: RegExp;
  /** The headers of one answer: one shared object unless the vendor sends per-request headers. */
  headers: () => Record<string, string>;
}

interface FastPath {
  fast: FastRoute;
  id: string;
  scope: string[];
}

function fastHeaders(route: CompiledRoute): () => Record<string, string> {
  const own = route.headers;
  if (!own) {
    const fixed = Object.freeze({ ...FAST_HEADERS });
    return () => fixed;
  }
  return () => {
    const headers: Record<string, string> = { ...FAST_HEADERS };
    for (const [name, value] of own(randomUUID())) headers[name] = value;
    return headers;
  };
}

/** Why a request body was refused, for the caller to put in its own error format. */
type BodyRefusal =
  | { why: 'declared-too-large'; declared: number }
  | { why: 'too-large' }
  | { why: 'not-json'; line: number; column: number; reason: string };

type BodyRead = { ok: true; value: unknown } | { ok: false; response: Response };

/** The largest time a JavaScript Date holds. */
const MAX_DATE_MS = 8.64e15;

export function createMockServer(options: MockServerOptions): MockServer {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? createRealClock();
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const store = new JobStore({
    maxJobs: options.maxJobs ?? 100_000,
    finishedTtlMs: options.finishedTtlMs ?? 24 * 3600_000,
  });
  const faults = new Faults(seed);
  const vendors = new Map<string, MockVendor>();
  const apis = new Map<string, ApiSpec>();

  const names = options.vendors ?? options.registry.names();
  for (const name of names) {
    const vendor = options.registry.get(name);
    const mock = vendor.lifecycle.mock;
    if (!mock) {
      if (options.vendors) {
        throw new JobkitError(
          'usage',
          `Vendor "${name}" has no "mock" section in ${vendor.source.lifecycle}, so it cannot be served.`,
        );
      }
      continue;
    }
    vendors.set(name, new MockVendor(vendor, mock, seed));
    apis.set(name, vendor.lifecycle.api ?? defaultApi(name));
  }

  // Evictions read the clock per job as before: they usually ask about one job, and the clock
  // may move while they walk the running ones.
  const finishedAt = (job: Job) => finishedBy(job, clock.now());
  const sweep = (): number => {
    // One `now` for the whole walk: a job that finishes during it is not past a TTL (≥ 0) at
    // that `now` either, so reading the clock per job changed nothing but the cost.
    const now = clock.now();
    const removed = store.sweep(now, (job) => finishedBy(job, now));
    if (removed >= COLLECT_AFTER) options.collect?.();
    return removed;
  };
  let created = 0;
  const batchRandom = createRandom(hashSeed(seed, 'batch'));

  const vendorOf = (name: string): MockVendor => {
    const v = vendors.get(name);
    if (!v)
      throw new JobkitError(
        'usage',
        `Unknown vendor "${name}". Served vendors: ${[...vendors.keys()].join(', ')}.`,
      );
    return v;
  };

  const addJob = (job: Job) => {
    store.add(job, finishedAt);
    if (++created % 1000 === 0) sweep();
  };

  const createJob: MockServer['createJob'] = ({ vendor, scenario, id, params }) => {
    const mv = vendorOf(vendor);
    const chosen = scenario ?? mv.defaultScenario;
    if (id !== undefined && store.get(vendor, id)) {
      throw new JobkitError('usage', `A ${vendor} job with id "${id}" already exists.`);
    }
    const job = mv.createJob({
      scenario: chosen,
      now: clock.now(),
      ...(id === undefined ? {} : { id }),
      ...(params ? { params } : {}),
    });
    addJob(job);
    return job;
  };

  /* ------------------------------------------------------------ routes */

  const compiled: CompiledRoute[] = [];
  for (const [name, mv] of vendors) {
    const api = apis.get(name) as ApiSpec;
    const headers = vendorHeaders(api.headers);
    for (const spec of api.routes) {
      const params: string[] = [];
      const honoPath = spec.path.replace(/\{([^}]+)\}/g, (_m, p: string) => {
        params.push(p);
        return `:p${params.length - 1}`;
      });
      compiled.push({ vendor: mv, api, spec, params, honoPath, ...(headers ? { headers } : {}) });
    }
  }
  const routes: RouteInfo[] = compiled.map((r) => ({
    vendor: r.vendor.name,
    method: r.spec.method,
    path: r.spec.path,
    action: r.spec.action,
    ...(r.spec.summary ? { summary: r.spec.summary } : {}),
  }));

  const bodyCache = new Map<Job, { at: number; end: Job['end']; text: string }>();
  const fastRoutes: FastRoute[] = compiled
    .filter((r) => r.spec.action === 'status' && r.spec.method === 'GET')
    .map((route) => ({
      route,
      headers: fastHeaders(route),
      pattern: new RegExp(
        `^${route.spec.path
          .split(/\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('([^/]+)')}$`,
      ),
    }));

  const fastPaths = new Map<string, FastPath | null>();

  const statusRoutes = new Map<string, CompiledRoute>();
  for (const r of compiled)
    if (r.spec.action === 'status' && !statusRoutes.has(r.vendor.name)) statusRoutes.set(r.vendor.name, r);

  const statusPath = (job: Job): string | undefined => {
    const route = statusRoutes.get(job.vendor);
    if (!route) return undefined;
    const idParam = route.spec.idParam ?? 'id';
    const aliases = route.spec.paramAliases ?? {};
    return route.spec.path.replace(/\{([^}]+)\}/g, (_m, p: string) =>
      encodeURIComponent(p === idParam ? job.id : (job.params[aliases[p] ?? p] ?? '')),
    );
  };

  const summary = (job: Job, origin = ''): JobSummary => {
    const mv = vendorOf(job.vendor);
    const snap = mv.snapshot(job, clock.now());
    const path = statusPath(job);
    return {
      id: job.id,
      vendor: job.vendor,
      scenario: job.scenario,
      state: snap.state,
      terminal: snap.terminal ?? null,
      progress: Math.round(snap.progress * 1000) / 10,
      createdAt: new Date(job.createdAt).toISOString(),
      statusUrl: path === undefined ? null : `${origin}${path}`,
    };
  };

  const app = new Hono();

  if (options.log) {
    const log = options.log;
    app.use('*', async (c, next) => {
      const start = performance.now();
      await next();
      log(
        `${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${(performance.now() - start).toFixed(1)}ms`,
      );
    });
  }
  app.use(
    '*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['Retry-After', 'x-amzn-ErrorType', 'x-amzn-RequestId', 'Location', 'X-Jobkit-Detail'],
      maxAge: 600,
    }),
  );

  const send = (c: Context, body: unknown, status: number, headers: Record<string, string> = {}) => {
    if (status === 204 || body === undefined) return c.body(null, status as StatusCode, headers);
    return c.body(JSON.stringify(body) as string, status as ContentfulStatusCode, {
      ...JSON_HEADERS,
      ...headers,
    });
  };
  const sendVendorError = (
    c: Context,
    r: CompiledRoute,
    kind: ErrorKindName,
    message?: string,
    extra: Record<string, string> = {},
  ) => {
    const e: VendorErrorResponse = vendorError(r.api.errors, kind, {
      requestId: randomUUID(),
      ...(message === undefined ? {} : { message }),
    });
    return send(c, e.body, e.status, { ...e.headers, ...extra });
  };

  /** The vendor's own 404 body, word for word; jobkit's explanation rides in a header. */
  const notFound = (c: Context, r: CompiledRoute, params: Record<string, string>) => {
    const id = params[r.spec.idParam ?? 'id'];
    const detail =
      id === undefined ? 'no such job' : `no ${r.vendor.name} job "${id}" under these path parameters`;
    return sendVendorError(c, r, 'not_found', undefined, { 'X-Jobkit-Detail': detail });
  };

  const activeByRoute = new Map<CompiledRoute, Job[]>();

  const pathParams = (c: Context, r: CompiledRoute): Record<string, string> => {
    const out: Record<string, string> = {};
    r.params.forEach((name, i) => {
      out[name] = c.req.param(`p${i}`) ?? '';
    });
    return out;
  };

  /** The job a status/cancel route names, if it exists under these path parameters. */
  const findJob = (r: CompiledRoute, params: Record<string, string>): Job | undefined => {
    const idParam = r.spec.idParam ?? 'id';
    const id = params[idParam];
    if (id === undefined) return undefined;
    const job = store.get(r.vendor.name, id);
    return job && inScope(job, scopeOf(r, params)) ? job : undefined;
  };

  /**
   * A request's JSON body, or undefined when it is empty. Vendor routes and the admin API word
   * their refusals differently (the vendor's own error format vs jobkit's), so `refuse` does.
   */
  const readJson = async (c: Context, refuse: (refusal: BodyRefusal) => Response): Promise<BodyRead> => {
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > maxBodyBytes)
      return { ok: false, response: refuse({ why: 'declared-too-large', declared }) };
    const text = await c.req.text();
    if (Buffer.byteLength(text) > maxBodyBytes) return { ok: false, response: refuse({ why: 'too-large' }) };
    if (text.trim() === '') return { ok: true, value: undefined };
    const parsed = parseJsonLocated(text);
    if (!parsed.ok) {
      const { line, column, reason } = parsed;
      return { ok: false, response: refuse({ why: 'not-json', line, column, reason }) };
    }
    return { ok: true, value: parsed.value };
  };

  const readJsonBody = (c: Context, r: CompiledRoute): Promise<BodyRead> =>
    readJson(c, (refusal) => {
      if (refusal.why === 'not-json') {
        return sendVendorError(
          c,
          r,
          'bad_request',
          `JSON parse error at line ${refusal.line} column ${refusal.column}: ${refusal.reason}`,
        );
      }
      return sendVendorError(
        c,
        r,
        'payload_too_large',
        refusal.why === 'declared-too-large'
          ? `Request body is ${refusal.declared} bytes; the limit is ${maxBodyBytes}.`
          : `Request body is too large: the limit is ${maxBodyBytes} bytes.`,
      );
    });

  const handlers: Record<
    RouteSpec['action'],
    (c: Context, r: CompiledRoute, params: Record<string, string>) => Response | Promise<Response>
  > = {
    status(c, r, params) {
      const job = findJob(r, params);
      if (!job) return notFound(c, r, params);
      return send(c, r.vendor.body(job, clock.now()), 200);
    },

    list(c, r, params) {
      const list = r.spec.list;
      if (!list) return sendVendorError(c, r, 'server_error');
      const now = clock.now();
      const statuses = list.statusFilter ? c.req.queries(list.statusFilter) : undefined;
      /** Conditions on the rendered body; without any, only the jobs on the page are rendered. */
      const tests: ((body: Record<string, unknown>) => boolean)[] = [];
      const statusPointer = r.vendor.vendor.statusField;
      if (statuses && statuses.length > 0)
        tests.push((body) => statuses.includes(String(getAt(body, statusPointer))));
      for (const [query, pointer] of Object.entries(list.fieldFilters ?? {})) {
        const want = c.req.query(query);
        if (want !== undefined) tests.push((body) => String(getAt(body, pointer)) === want);
      }
      for (const [param, pointer] of Object.entries(list.match ?? {})) {
        tests.push((body) => String(getAt(body, pointer)) === params[param]);
      }
      const cursorText = c.req.query(list.cursor);
      const offset = cursorText ? decodeCursor(cursorText) : 0;
      if (offset === undefined) return sendVendorError(c, r, 'bad_request', 'Invalid cursor.');
      let limit = list.limit?.default ?? 100;
      const asked = list.limit?.query ? c.req.query(list.limit.query) : undefined;
      if (asked !== undefined) {
        const n = Number(asked);
        if (!Number.isInteger(n) || n < 1)
          return sendVendorError(c, r, 'bad_request', `${list.limit?.query} must be a positive integer.`);
        limit = Math.min(n, list.limit?.max ?? n);
      }
      const end = offset + limit;
      const scope = scopeOf(r, params);
      const page: Record<string, unknown>[] = [];
      /** Jobs matching so far, newest first; the page is those from `offset` to `end`. */
      let matched = 0;
      for (const job of store.newest(r.vendor.name)) {
        if (!inScope(job, scope)) continue;
        let body: Record<string, unknown> | undefined;
        if (tests.length > 0) {
          const rendered = r.vendor.body(job, now);
          if (!tests.every((test) => test(rendered))) continue;
          body = rendered;
        }
        if (matched >= offset && matched < end) page.push(body ?? r.vendor.body(job, now));
        matched++;
        // `next` only asks whether any job matches past the page: one more is enough.
        if (matched > end) break;
      }
      const token = (o: number) =>
        list.next === 'url' ? withQuery(c.req.url, list.cursor, encodeCursor(o)) : encodeCursor(o);
      const values: Record<string, unknown> = {
        items: page,
        next: end < matched ? token(end) : undefined,
        previous: offset > 0 ? token(Math.max(0, offset - limit)) : undefined,
      };
      return send(
        c,
        fill(list.body, (name) => values[name]),
        200,
      );
    },

    async create(c, r, params) {
      const spec = r.spec.create;
      if (!spec) return sendVendorError(c, r, 'server_error');
      const read = await readJsonBody(c, r);
      if (!read.ok) return read.response;
      const request = read.value;
      if (spec.requireJob && !findJob(r, params)) return notFound(c, r, params);
      if (spec.request) {
        const result = r.vendor.vendor.validate(request ?? null, spec.request);
        if (!result.valid) {
          const detail = result.issues
            .slice(0, 3)
            .map((i) => `${i.pointer || '(body)'} ${i.message}`)
            .join('; ');
          return sendVendorError(c, r, 'bad_request', `Invalid request body: ${detail}`, {});
        }
      }
      const id = spec.idFrom ? getAt(request, spec.idFrom) : undefined;
      if (spec.idFrom && (typeof id !== 'string' || id === '')) {
        return sendVendorError(
          c,
          r,
          'bad_request',
          `Invalid request body: ${spec.idFrom} must be a non-empty string.`,
        );
      }
      if (typeof id === 'string' && store.get(r.vendor.name, id)) {
        return sendVendorError(c, r, 'conflict', `"${id}" already exists.`);
      }
      if (spec.oneActive) {
        const now = clock.now();
        const live = (activeByRoute.get(r) ?? []).filter(
          (j) => store.get(j.vendor, j.id) === j && !r.vendor.snapshot(j, now).terminal,
        );
        activeByRoute.set(r, live);
        if (live.length > 0) return sendVendorError(c, r, 'conflict', spec.oneActive);
      }
      const scenario = c.req.header('x-jobkit-scenario') ?? spec.scenario ?? r.vendor.defaultScenario;
      if (!r.vendor.scenarioList.includes(scenario)) {
        return sendVendorError(
          c,
          r,
          'bad_request',
          `Unknown jobkit scenario "${scenario}" (X-Jobkit-Scenario). Scenarios: ${r.vendor.scenarioList.join(', ')}.`,
        );
      }
      const jobParams: Record<string, string> = {};
      const aliases = r.spec.paramAliases ?? {};
      for (const [name, value] of Object.entries(params)) jobParams[aliases[name] ?? name] = value;
      for (const [name, pointer] of Object.entries(spec.paramsFrom ?? {})) {
        const value = getAt(request, pointer);
        if (Array.isArray(value) && value.length > 0) jobParams[name] = value.map(String).join(',');
        else if (typeof value === 'string' || typeof value === 'number') jobParams[name] = String(value);
      }
      for (const [name, template] of Object.entries(spec.batchParams ?? {})) {
        jobParams[name] = fillIdTemplate(template, batchRandom, created);
      }
      const count = jobCount(spec.count, request);
      const intervalStart = hourlyStart(spec.count, request);
      const now = clock.now();
      const jobs: Job[] = [];
      for (let i = 0; i < count; i++) {
        const own = { ...jobParams };
        if (intervalStart !== undefined) {
          own.interval_start = isoSeconds(intervalStart + i * 3600_000);
          own.interval_end = isoSeconds(intervalStart + (i + 1) * 3600_000);
        }
        const job = r.vendor.createJob({
          scenario,
          now,
          params: own,
          ...(request === undefined ? {} : { request }),
          ...(i === 0 && typeof id === 'string' ? { id } : {}),
        });
        addJob(job);
        jobs.push(job);
      }
      const first = jobs[0] as Job;
      if (spec.oneActive) activeByRoute.set(r, [...(activeByRoute.get(r) ?? []), ...jobs]);
      const body = spec.respondAsState
        ? r.vendor.bodyAsState(first, now, spec.respondAsState)
        : r.vendor.body(first, now);
      const lookup = (name: string): unknown => {
        if (name === 'body') return body;
        if (name.startsWith('body:')) return getAt(body, name.slice(5));
        if (name.startsWith('request:')) return getAt(request, name.slice(8));
        if (name.startsWith('param.')) return first.params[name.slice(6)];
        if (name === 'job.id') return first.id;
        if (name === 'now') return new Date(now).toISOString();
        if (name === 'count') return jobs.length;
        return undefined;
      };
      return send(c, fill(spec.response.body, lookup), spec.response.status, spec.response.headers);
    },

    cancel(c, r, params) {
      const job = findJob(r, params);
      if (!job) return notFound(c, r, params);
      const control = r.vendor.control('cancel');
      if (!control) return sendVendorError(c, r, 'cancel_refused');
      const now = clock.now();
      const done = r.vendor.end(job, control, now, false);
      if (!done.ok) return sendVendorError(c, r, 'cancel_refused', capitalize(done.reason));
      const response = r.spec.response ?? { status: 204 };
      const body =
        response.body === undefined
          ? undefined
          : fill(response.body, (name) => (name === 'body' ? r.vendor.body(job, now) : undefined));
      return send(c, body, response.status, response.headers);
    },

    static(c, r) {
      const response = r.spec.response ?? { status: 204 };
      return send(
        c,
        response.body === undefined ? undefined : fill(response.body, () => undefined),
        response.status,
        response.headers,
      );
    },

    lookup(c, r, params) {
      const spec = r.spec.lookup;
      if (!spec) return sendVendorError(c, r, 'server_error');
      const want = params[spec.param];
      const now = clock.now();
      for (const job of store.list(r.vendor.name)) {
        const body = r.vendor.body(job, now);
        if (getAt(body, spec.pointer) !== want) continue;
        if (spec.when && !spec.when.includes(String(getAt(body, r.vendor.vendor.statusField)))) continue;
        const response = r.spec.response ?? { status: 200, body: '{{body}}' };
        const lookup = (name: string): unknown => {
          if (name === 'body') return body;
          if (name.startsWith('body:')) return getAt(body, name.slice(5));
          if (name.startsWith('param.')) return params[name.slice(6)];
          if (name === 'job.id') return job.id;
          return undefined;
        };
        return send(c, fill(response.body, lookup), response.status, response.headers);
      }
      return sendVendorError(c, r, 'not_found');
    },
  };

  mountAdmin();

  for (const r of compiled) {
    const handler = handlers[r.spec.action];
    if (r.spec.method !== 'GET') {
      // Streams are counted as they arrive, so a chunked upload cannot exhaust memory either.
      app.on(
        r.spec.method,
        r.honoPath,
        bodyLimit({
          maxSize: maxBodyBytes,
          onError: (c) =>
            sendVendorError(
              c,
              r,
              'payload_too_large',
              `Request body is too large: the limit is ${maxBodyBytes} bytes.`,
            ),
        }),
      );
    }
    const own = r.headers;
    app.on(r.spec.method, r.honoPath, async (c) => {
      if (!own) return route(c, r, handler);
      const res = await route(c, r, handler);
      // Error bodies carry their own request id in their headers; the rest get a fresh one here.
      if (res.status < 400) {
        for (const [name, value] of own(randomUUID())) res.headers.set(name, value);
      }
      return res;
    });
  }

  async function route(
    c: Context,
    r: CompiledRoute,
    handler: (c: Context, r: CompiledRoute, params: Record<string, string>) => Response | Promise<Response>,
  ): Promise<Response> {
    const params = pathParams(c, r);
    for (const [name, allowed] of Object.entries(r.spec.paramValues ?? {})) {
      const value = params[name];
      if (value !== undefined && !allowed.includes(value)) {
        return sendVendorError(
          c,
          r,
          'unsupported',
          `${name} "${value}" is not supported; use one of ${allowed.join(', ')}.`,
        );
      }
    }
    if (faults.size > 0) {
      const decision = faults.decide(r.vendor.name, r.spec.method, r.spec.path);
      if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
      if (decision.fail) {
        const status = decision.fail.status ?? 503;
        const retry = String(decision.fail.retryAfterS ?? 1);
        const kind: ErrorKindName = status === 429 ? 'too_many_requests' : 'server_error';
        const e = vendorError(r.api.errors, kind, {
          requestId: randomUUID(),
          message: `jobkit fault ${decision.fail.id}: injected ${status}`,
        });
        return send(c, e.body, status, { ...e.headers, 'Retry-After': retry });
      }
    }
    return handler(c, r, params);
  }

  app.notFound((c) =>
    send(
      c,
      {
        error: {
          code: 'route_not_found',
          message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}. jobkit serves the vendor routes below, and its admin API under /__jobkit/.`,
          routes: routes.map((r) => `${r.method} ${r.path}  (${r.vendor})`),
        },
      },
      404,
    ),
  );
  app.onError((error, c) =>
    send(c, { error: { code: 'internal_error', message: `jobkit failed to answer: ${error.message}` } }, 500),
  );

  const server: MockServer = {
    app,
    clock,
    store,
    vendors,
    routes,
    faults,
    createJob,
    createDemoJobs() {
      const jobs: Job[] = [];
      for (const [name, mv] of vendors) {
        for (const scenario of mv.scenarioList) jobs.push(createJob({ vendor: name, scenario }));
      }
      return jobs;
    },
    statusPath,
    summary,
    reset({ demo = false } = {}) {
      store.clear();
      faults.clear();
      if (demo) server.createDemoJobs();
    },
    sweep,
    fastStatus,
    ...(options.log ? { log: options.log } : {}),
  };
  return server;

  function fastStatus(url: string): { body: string; headers: Record<string, string> } | undefined {
    if (faults.size > 0) return undefined;
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    // Pollers ask for the same few paths over and over: the routing of a path is kept.
    let hit = fastPaths.get(path);
    if (hit === undefined) {
      hit = routeFast(path);
      if (fastPaths.size >= FAST_PATHS) fastPaths.clear();
      fastPaths.set(path, hit);
    }
    if (hit === null) return undefined;
    const job = store.get(hit.fast.route.vendor.name, hit.id);
    if (!job) return undefined;
    if (!inScope(job, hit.scope)) return undefined;
    return { body: bodyText(hit.fast.route.vendor, job), headers: hit.fast.headers() };
  }

  /** Which status route a path is, its job id, and the scope a job must match; null if none. */
  function routeFast(path: string): FastPath | null {
    for (const fast of fastRoutes) {
      const m = fast.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < fast.route.params.length; i++) {
        try {
          params[fast.route.params[i] as string] = decodeURIComponent(m[i + 1] as string);
        } catch {
          return null;
        }
      }
      for (const [name, allowed] of Object.entries(fast.route.spec.paramValues ?? {})) {
        if (!allowed.includes(params[name] as string)) return null;
      }
      const spec = fast.route.spec;
      const idParam = spec.idParam ?? 'id';
      const id = params[idParam];
      if (id === undefined) return null;
      return { fast, id, scope: scopeOf(fast.route, params) };
    }
    return null;
  }

  /**
   * The JSON of a job's body now. A body is a pure function of the job and the clock's
   * millisecond, so answers within the same millisecond share one rendering (many clients
   * polling one job); ending a job replaces its `end`, which invalidates the entry.
   */
  function bodyText(mv: MockVendor, job: Job): string {
    const now = clock.now();
    const hit = bodyCache.get(job);
    if (hit && hit.at === now && hit.end === job.end) return hit.text;
    const text = JSON.stringify(mv.body(job, now));
    if (BODY_CACHE === 0) return text;
    if (!hit && bodyCache.size >= BODY_CACHE) bodyCache.delete(bodyCache.keys().next().value as Job);
    bodyCache.set(job, { at: now, end: job.end, text });
    return text;
  }

  /* ------------------------------------------------------------ admin */

  function mountAdmin(): void {
    const adminError = (c: Context, status: number, code: string, message: string) =>
      send(c, { error: { code, message } }, status);

    /** The admin API takes a JSON object; an empty body is an empty one. */
    const readAdminJson = async (
      c: Context,
    ): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: Response }> => {
      const read = await readJson(c, (refusal) => {
        if (refusal.why === 'not-json') {
          return adminError(
            c,
            400,
            'invalid_json',
            `Body is not JSON: line ${refusal.line} column ${refusal.column}: ${refusal.reason}.`,
          );
        }
        return adminError(
          c,
          413,
          'payload_too_large',
          refusal.why === 'declared-too-large'
            ? `Body is ${refusal.declared} bytes; the limit is ${maxBodyBytes}.`
            : `Body is too large: the limit is ${maxBodyBytes} bytes.`,
        );
      });
      if (!read.ok) return read;
      if (read.value === undefined) return { ok: true, value: {} };
      if (!isObject(read.value))
        return { ok: false, response: adminError(c, 400, 'invalid_body', 'Body must be a JSON object.') };
      return { ok: true, value: read.value };
    };

    const origin = (c: Context) => new URL(c.req.url).origin;

    app.use(
      '/__jobkit/*',
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: (c) =>
          adminError(c, 413, 'payload_too_large', `Body is too large: the limit is ${maxBodyBytes} bytes.`),
      }),
    );

    const findAdminJob = (c: Context): Job | Response => {
      const id = c.req.param('id') ?? '';
      const vendor = c.req.query('vendor');
      const matches = vendor
        ? [store.get(vendor, id)].filter((j): j is Job => j !== undefined)
        : store.findById(id);
      if (matches.length === 0)
        return adminError(c, 404, 'job_not_found', `No job "${id}"${vendor ? ` for vendor ${vendor}` : ''}.`);
      if (matches.length > 1) {
        return adminError(
          c,
          409,
          'ambiguous_id',
          `Several vendors have a job "${id}" (${matches.map((j) => j.vendor).join(', ')}); add ?vendor=.`,
        );
      }
      return matches[0] as Job;
    };

    app.get('/__jobkit', (c) =>
      send(
        c,
        {
          jobkit: true,
          clock: clockInfo(),
          jobs: store.size,
          vendors: [...vendors.values()].map((mv) => ({
            name: mv.name,
            title: mv.vendor.title,
            scenarios: Object.fromEntries(
              Object.entries(mv.spec.scenarios).map(([k, s]) => [k, s.description]),
            ),
            routes: routes.filter((r) => r.vendor === mv.name).map((r) => `${r.method} ${r.path}`),
          })),
        },
        200,
      ),
    );

    app.post('/__jobkit/jobs', async (c) => {
      const read = await readAdminJson(c);
      if (!read.ok) return read.response;
      const body = read.value;
      if (typeof body.vendor !== 'string') {
        return adminError(
          c,
          400,
          'invalid_body',
          `"vendor" is required: one of ${[...vendors.keys()].join(', ')}.`,
        );
      }
      const mv = vendors.get(body.vendor);
      if (!mv)
        return adminError(
          c,
          400,
          'unknown_vendor',
          `Unknown vendor "${body.vendor}". Served vendors: ${[...vendors.keys()].join(', ')}.`,
        );
      if (
        body.scenario !== undefined &&
        (typeof body.scenario !== 'string' || !mv.scenarioList.includes(body.scenario))
      ) {
        return adminError(
          c,
          400,
          'unknown_scenario',
          `Unknown scenario ${JSON.stringify(body.scenario)} for ${mv.name}. Scenarios: ${mv.scenarioList.join(', ')}.`,
        );
      }
      if (body.id !== undefined && (typeof body.id !== 'string' || body.id === '')) {
        return adminError(c, 400, 'invalid_body', '"id" must be a non-empty string.');
      }
      if (
        body.params !== undefined &&
        (!isObject(body.params) || !Object.values(body.params).every((v) => typeof v === 'string'))
      ) {
        return adminError(
          c,
          400,
          'invalid_body',
          '"params" must be an object of strings, e.g. {"project_id": "2"}.',
        );
      }
      if (typeof body.id === 'string' && store.get(mv.name, body.id)) {
        return adminError(c, 409, 'job_exists', `A ${mv.name} job "${body.id}" already exists.`);
      }
      if (body.count !== undefined) {
        // Many jobs at once, for load and memory tests: answers their ids only.
        const count = body.count;
        if (
          typeof count !== 'number' ||
          !Number.isInteger(count) ||
          count < 1 ||
          count > 10_000 ||
          body.id !== undefined
        ) {
          return adminError(
            c,
            400,
            'invalid_body',
            '"count" must be a whole number from 1 to 10000 (and cannot go with "id").',
          );
        }
        const ids: string[] = [];
        for (let i = 0; i < count; i++) {
          ids.push(
            createJob({
              vendor: mv.name,
              ...(typeof body.scenario === 'string' ? { scenario: body.scenario } : {}),
              ...(isObject(body.params) ? { params: body.params as Record<string, string> } : {}),
            }).id,
          );
        }
        return send(c, { vendor: mv.name, count, ids }, 201);
      }
      const job = createJob({
        vendor: mv.name,
        ...(typeof body.scenario === 'string' ? { scenario: body.scenario } : {}),
        ...(typeof body.id === 'string' ? { id: body.id } : {}),
        ...(isObject(body.params) ? { params: body.params as Record<string, string> } : {}),
      });
      const s = summary(job, origin(c));
      return send(
        c,
        { id: s.id, vendor: s.vendor, scenario: s.scenario, statusUrl: s.statusUrl, state: s.state },
        201,
      );
    });

    app.get('/__jobkit/jobs', (c) => {
      const vendor = c.req.query('vendor');
      const asked = c.req.query('limit');
      const limit = asked === undefined ? 1000 : Number(asked);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
        return adminError(
          c,
          400,
          'invalid_query',
          `"limit" must be a whole number from 1 to 10000, not "${asked}".`,
        );
      }
      const jobs = store.list(vendor);
      return send(
        c,
        { total: jobs.length, jobs: jobs.slice(0, limit).map((j) => summary(j, origin(c))) },
        200,
      );
    });

    app.get('/__jobkit/jobs/:id', (c) => {
      const job = findAdminJob(c);
      if (job instanceof Response) return job;
      const mv = vendorOf(job.vendor);
      return send(
        c,
        { ...summary(job, origin(c)), params: job.params, body: mv.body(job, clock.now()) },
        200,
      );
    });

    app.post('/__jobkit/jobs/:id/:action', (c) => {
      const action = c.req.param('action');
      if (action !== 'complete' && action !== 'fail' && action !== 'cancel') {
        return adminError(
          c,
          404,
          'unknown_action',
          `Unknown action "${action}": use complete, fail or cancel.`,
        );
      }
      const job = findAdminJob(c);
      if (job instanceof Response) return job;
      const mv = vendorOf(job.vendor);
      const control = mv.control(action);
      if (!control) {
        return adminError(
          c,
          409,
          'not_supported',
          `${mv.name} jobs ${action === 'cancel' ? 'cannot be cancelled: the real API has no cancel' : `have no "${action}" control in their lifecycle file`}.`,
        );
      }
      const done = mv.end(job, control, clock.now(), action === 'complete');
      if (!done.ok) return adminError(c, 409, 'not_allowed', `${capitalize(done.reason)}.`);
      return send(c, summary(job, origin(c)), 200);
    });

    app.get('/__jobkit/clock', (c) => send(c, clockInfo(), 200));
    app.post('/__jobkit/clock', async (c) => {
      const read = await readAdminJson(c);
      if (!read.ok) return read.response;
      const ms = read.value.advanceMs;
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
        return adminError(
          c,
          400,
          'invalid_body',
          '"advanceMs" must be a number of milliseconds ≥ 0, e.g. {"advanceMs": 60000}.',
        );
      }
      if (ms > MAX_ADVANCE_MS || clock.now() + ms > MAX_DATE_MS) {
        return adminError(
          c,
          400,
          'invalid_body',
          `"advanceMs" may move the clock by at most ${MAX_ADVANCE_MS} ms (10 years) at a time, and not past the year 275760.`,
        );
      }
      clock.advance(ms);
      return send(c, clockInfo(), 200);
    });

    app.post('/__jobkit/reset', async (c) => {
      const read = await readAdminJson(c);
      if (!read.ok) return read.response;
      server.reset({ demo: read.value.demo === true });
      return send(c, { jobs: store.size }, 200);
    });

    app.get('/__jobkit/faults', (c) => send(c, { faults: faults.list() }, 200));
    app.post('/__jobkit/faults', async (c) => {
      const read = await readAdminJson(c);
      if (!read.ok) return read.response;
      const f = read.value;
      const problem = checkFault(f, [...vendors.keys()], routes);
      if (problem) return adminError(c, 400, 'invalid_fault', problem);
      const added = faults.add(f as Parameters<Faults['add']>[0]);
      return send(c, added, 201);
    });
    app.delete('/__jobkit/faults', (c) => {
      faults.clear();
      return c.body(null, 204);
    });
    app.delete('/__jobkit/faults/:id', (c) =>
      faults.remove(c.req.param('id'))
        ? c.body(null, 204)
        : adminError(c, 404, 'fault_not_found', `No fault "${c.req.param('id')}".`),
    );
  }

  function clockInfo() {
    return { now: new Date(clock.now()).toISOString(), kind: clock.kind, speed: clock.speed };
  }
}

/**
 * The path parameters a job must agree with to be reached under a route, as [job param, value,
 * …], worked out once per request (or per path, on the fast path) rather than per job. The id is
 * the job's key, and a list's `match` parameters are checked against the rendered body instead.
 */
function scopeOf(r: CompiledRoute, params: Record<string, string>): string[] {
  const idParam = r.spec.idParam ?? 'id';
  const aliases = r.spec.paramAliases ?? {};
  const scope: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (name === idParam || r.spec.list?.match?.[name]) continue;
    scope.push(aliases[name] ?? name, value);
  }
  return scope;
}

/** A job without a parameter is in every scope of it (jobs made through the admin API). */
function inScope(job: Job, scope: string[]): boolean {
  for (let i = 0; i < scope.length; i += 2) {
    const own = job.params[scope[i] as string];
    if (own !== undefined && own !== scope[i + 1]) return false;
  }
  return true;
}

function hourlyStart(count: CreateSpec['count'], request: unknown): number | undefined {
  if (count === undefined || typeof count === 'number') return undefined;
  const from = Date.parse(String(getAt(request, count.hoursBetween[0])));
  return Number.isFinite(from) ? Math.floor(from / 3600_000) * 3600_000 : undefined;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function jobCount(count: CreateSpec['count'], request: unknown): number {
  if (count === undefined) return 1;
  if (typeof count === 'number') return count;
  const [fromPtr, toPtr] = count.hoursBetween;
  const from = Date.parse(String(getAt(request, fromPtr)));
  const to = Date.parse(String(getAt(request, toPtr)));
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return 1;
  return Math.min(count.max, Math.max(1, Math.ceil((to - from) / 3600_000)));
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o=${offset}`).toString('base64url');
}

function decodeCursor(token: string): number | undefined {
  const m = /^o=(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}

function withQuery(url: string, name: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(name, value);
  return u.toString();
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function checkFault(
  f: Record<string, unknown>,
  vendorNames: string[],
  routes: RouteInfo[],
): string | undefined {
  const allowed = ['vendor', 'route', 'latencyMs', 'errorRate', 'status', 'retryAfterS'];
  const extra = Object.keys(f).filter((k) => !allowed.includes(k));
  if (extra.length > 0)
    return `Unknown fault field(s) ${extra.join(', ')}; a fault has ${allowed.join(', ')}.`;
  if (f.vendor !== undefined && (typeof f.vendor !== 'string' || !vendorNames.includes(f.vendor))) {
    return `"vendor" must be one of ${vendorNames.join(', ')}.`;
  }
  if (f.route !== undefined) {
    if (
      typeof f.route !== 'string' ||
      !routes.some((r) => r.path === f.route || `${r.method} ${r.path}` === f.route)
    ) {
      return `"route" must be a declared route path (e.g. ${routes[0]?.path ?? '/x'}) or "METHOD path"; see GET /__jobkit.`;
    }
  }
  const latency = f.latencyMs;
  const okLatency =
    latency === undefined ||
    (typeof latency === 'number' && latency >= 0 && latency <= 60_000) ||
    (Array.isArray(latency) &&
      latency.length === 2 &&
      latency.every((n) => typeof n === 'number' && n >= 0 && n <= 60_000));
  if (!okLatency) return '"latencyMs" must be milliseconds (0–60000) or a [min, max] pair.';
  if (f.errorRate !== undefined && (typeof f.errorRate !== 'number' || f.errorRate < 0 || f.errorRate > 1)) {
    return '"errorRate" must be a number from 0 to 1.';
  }
  if (f.status !== undefined && ![429, 500, 502, 503, 504].includes(f.status as number)) {
    return '"status" must be 429, 500, 502, 503 or 504.';
  }
  if (f.retryAfterS !== undefined && (typeof f.retryAfterS !== 'number' || f.retryAfterS < 0)) {
    return '"retryAfterS" must be a number of seconds ≥ 0.';
  }
  if (latency === undefined && f.errorRate === undefined) return 'A fault needs "latencyMs" or "errorRate".';
  return undefined;
}
