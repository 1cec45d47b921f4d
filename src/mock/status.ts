// Hono's own decoder: a path parameter reads the same on both transports, malformed escapes included.
import { tryDecodeURIComponent } from 'hono/utils/url';
import type { Job } from '../lifecycle/engine.js';
import { finish, type JobHeaders, type RequestValues } from './job-headers.js';
import {
  type Answer,
  contentTypeOf,
  exposedHeaders,
  jsonHeaders,
  notFoundAnswer,
  vendorErrorAnswer,
} from './respond.js';
import { type CompiledRoute, inScope, invalidId, scopeOf, unsupportedParam } from './routes.js';
import type { MockState } from './state.js';

/** A path taken apart once: which status route, its parameters, the job id and scope. */
export interface ResolvedStatus {
  /**
   * The path it was resolved from: the memo's own copy, so a log keeping it retains one string
   * per polled path rather than one per request.
   */
  path: string;
  route: CompiledRoute;
  params: Record<string, string>;
  id: string | undefined;
  scope: string[];
  /** The `unsupported` message when a parameter is outside its allowed values. */
  unsupported?: string;
  /** The bad_request message when the id breaks the route's idRule. */
  invalidId?: string;
  /**
   * Hono must answer it: its vendor's requests pass middleware the fast path does not run (a
   * credential check, a rate limit). Decided once per path, with the routing.
   */
  viaHono?: true;
  /** The job last found under it (in scope), valid while the store's version is `seen`. */
  job?: Job;
  seen?: number;
}

/** A job's body rendered at one clock millisecond, with the headers that go with it. */
interface Rendered {
  at: number;
  end: Job['end'];
  /** The route headers filled in (an answer through another route renders again). */
  jobHeaders: JobHeaders | undefined;
  text: string;
  /** jobkit's headers and the route's job headers that need nothing of the request. */
  headers: Record<string, string>;
  /** Route headers still waiting for the request id or origin. */
  late: readonly [string, string][] | undefined;
  /** The whole answer through `route`, when nothing in it waits for the request (shared by every such answer). */
  whole: Answer | undefined;
  route: CompiledRoute;
}

/** The origin of a request that did not say (a call without a transport). */
const NO_ORIGIN = () => 'http://localhost';

export interface StatusOptions {
  /** Paths whose routing is remembered (the memo is cleared when full; default 4096). */
  paths?: number;
  /** The routing memo's size in bytes of paths and parameters, at most (default 2 MiB). */
  pathBytes?: number;
  /** Jobs whose last rendering is kept for reuse within one clock millisecond (default 1024; 0: none). */
  bodies?: number;
  /** The renderings' size in bytes of bodies, at most (default 8 MiB); the oldest go first. */
  bodyBytes?: number;
  /** Vendors whose status GETs `answer` leaves to Hono (see ResolvedStatus.viaHono). */
  viaHono?: (vendor: string) => boolean;
}

/**
 * A path longer than this is routed every time: a real status path is far shorter, and a memo of
 * long unknown paths is how a client would fill memory.
 */
const LONGEST_MEMO_PATH = 1024;

/** Bytes a string holds at most in V8 (two per UTF-16 unit). */
const bytesOf = (text: string) => text.length * 2;

function resolvedBytes(path: string, hit: ResolvedStatus | null): number {
  let n = bytesOf(path) + 64;
  if (hit) for (const value of Object.values(hit.params)) n += bytesOf(value) + 32;
  return n;
}

/**
 * Status GETs, resolved and answered the same way whichever transport they arrive through: the
 * Hono app's status action and the node:http fast path both call `answer`. Both memos are
 * bounded and owned by this instance.
 */
export class StatusAnswers {
  private readonly getRoutes: CompiledRoute[];
  private readonly paths = new Map<string, ResolvedStatus | null>();
  private readonly bodies = new Map<Job, Rendered>();
  private readonly maxPaths: number;
  private readonly maxBodies: number;
  private readonly maxPathBytes: number;
  private readonly maxBodyBytes: number;
  private readonly viaHono: ((vendor: string) => boolean) | undefined;
  private pathBytes = 0;
  private bodyBytes = 0;
  /** The CORS expose list, when the vendors declare headers beyond jobkit's own list. */
  readonly expose: string | undefined;
  private readonly evicted = (vendor: string, id: string) => this.state.store.wasEvicted(vendor, id);

  constructor(
    private readonly state: MockState,
    options: StatusOptions = {},
  ) {
    this.maxPaths = options.paths ?? 4096;
    this.maxBodies = options.bodies ?? 1024;
    this.maxPathBytes = options.pathBytes ?? 2 * 1024 * 1024;
    this.maxBodyBytes = options.bodyBytes ?? 8 * 1024 * 1024;
    this.viaHono = options.viaHono;
    // Every GET route, in the order Hono matches them: a path answered by another GET route first
    // is not a status path.
    this.getRoutes = state.compiled.filter((r) => r.spec.method === 'GET');
    this.expose = exposedHeaders(state.compiled);
  }

  /** The status route a path names, or null when it is not a status GET path. */
  resolve(path: string): ResolvedStatus | null {
    let hit = this.paths.get(path);
    if (hit !== undefined) return hit;
    hit = this.route(path);
    if (path.length > LONGEST_MEMO_PATH) return hit;
    const bytes = resolvedBytes(path, hit);
    if (this.paths.size >= this.maxPaths || this.pathBytes + bytes > this.maxPathBytes) {
      this.paths.clear();
      this.pathBytes = 0;
    }
    this.paths.set(path, hit);
    this.pathBytes += bytes;
    return hit;
  }

  /** What the memos hold now, in entries and estimated bytes (for tests and the soak). */
  memoSize(): { paths: number; pathBytes: number; bodies: number; bodyBytes: number } {
    return {
      paths: this.paths.size,
      pathBytes: this.pathBytes,
      bodies: this.bodies.size,
      bodyBytes: this.bodyBytes,
    };
  }

  /**
   * The whole answer to a status GET of this path, as the fast path sends it; undefined when it is
   * not a status path, or Hono must answer it (viaHono). `origin` is read only when a header
   * names {{statusUrl}}.
   */
  answer(path: string, origin: () => string = NO_ORIGIN): Answer | undefined {
    const hit = this.resolve(path);
    return hit && !hit.viaHono ? this.answerResolved(hit, origin) : undefined;
  }

  /** `now`: the mock clock's time, when the caller has read it already (the fast path has). */
  answerResolved(hit: ResolvedStatus, origin: () => string = NO_ORIGIN, now?: number): Answer {
    const { route } = hit;
    if (hit.unsupported !== undefined)
      return this.exposed(vendorErrorAnswer(route, 'unsupported', hit.unsupported));
    if (hit.invalidId !== undefined)
      return this.exposed(vendorErrorAnswer(route, 'bad_request', hit.invalidId));
    const job = this.jobOf(hit);
    if (!job) return this.exposed(notFoundAnswer(route, hit.params, this.evicted));
    const rendered = this.rendered(route, job, now ?? this.state.clock.now());
    if (rendered.whole && rendered.route === route) return rendered.whole;
    const status = route.spec.response?.status ?? 200;
    const own = route.headers;
    // The vendor's headers come after jobkit's own and the route's, with a fresh request id per answer.
    const headers: Record<string, string> = { ...rendered.headers };
    let id: string | undefined;
    if (rendered.late) {
      const request: RequestValues = { requestId: () => (id ??= globalThis.crypto.randomUUID()), origin };
      for (const [name, value] of finish(rendered.late, request)) headers[name] = value;
    }
    if (own) for (const [name, value] of own(id ?? globalThis.crypto.randomUUID())) headers[name] = value;
    return withRetryAfter({ status, headers, body: rendered.text });
  }

  /**
   * The job the path names, if it is there and in scope. A path polled over and over finds the
   * same job until the store changes; only a found job is remembered, since a miss may be a held
   * job whose time comes without any change to the store.
   */
  private jobOf(hit: ResolvedStatus): Job | undefined {
    const { store } = this.state;
    if (hit.job !== undefined && hit.seen === store.version) return hit.job;
    const job = hit.id === undefined ? undefined : store.get(hit.route.vendor.name, hit.id);
    if (!job || !inScope(job, hit.scope)) return undefined;
    hit.job = job;
    hit.seen = store.version;
    return job;
  }

  /** An error answer with the vendor's declared headers in its CORS expose list. */
  private exposed(a: Answer): Answer {
    if (this.expose === undefined) return withRetryAfter(a);
    return withRetryAfter({ ...a, headers: { ...a.headers, 'access-control-expose-headers': this.expose } });
  }

  private route(path: string): ResolvedStatus | null {
    for (const route of this.getRoutes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (route.spec.action !== 'status') return null;
      const params: Record<string, string> = {};
      for (let i = 0; i < route.params.length; i++) {
        params[route.params[i] as string] = tryDecodeURIComponent(m[i + 1] as string);
      }
      const hit = resolved(route, params, path);
      if (this.viaHono?.(route.vendor.name)) hit.viaHono = true;
      return hit;
    }
    return null;
  }

  /**
   * The JSON of a job's body now, with its headers. A body is a pure function of the job and the
   * clock's millisecond, so answers within the same millisecond share one rendering (many clients
   * polling one job); ending a job replaces its `end`, which invalidates the entry. The route's
   * job headers are filled with it, once per rendering.
   */
  private rendered(route: CompiledRoute, job: Job, now: number): Rendered {
    const { jobHeaders } = route;
    const hit = this.bodies.get(job);
    if (hit && hit.at === now && hit.end === job.end && hit.jobHeaders === jobHeaders) return hit;
    const mv = route.vendor;
    const body = mv.body(job, now);
    const text = JSON.stringify(body);
    const headers = jsonHeaders(text, contentTypeOf(route));
    if (this.expose !== undefined) headers['access-control-expose-headers'] = this.expose;
    let late: Rendered['late'];
    if (jobHeaders) {
      const prepared = jobHeaders.prepare({
        job,
        now,
        body: () => body,
        state: () => mv.snapshot(job, now).state,
      });
      Object.assign(headers, prepared.fixed);
      late = prepared.late;
    }
    if (
      hit?.whole &&
      !late &&
      hit.route === route &&
      hit.jobHeaders === jobHeaders &&
      hit.text === text &&
      sameHeaders(hit.headers, headers)
    ) {
      // Unchanged since the last rendering (most polls of a running job): the same answer object
      // goes out again, so nothing new is made for the transport to write.
      hit.at = now;
      hit.end = job.end;
      this.bodies.delete(job);
      this.bodies.set(job, hit);
      return hit;
    }
    const frozen = Object.freeze(headers);
    const whole =
      route.headers || late
        ? undefined
        : Object.freeze(
            withRetryAfter({ status: route.spec.response?.status ?? 200, headers: frozen, body: text }),
          );
    const entry: Rendered = { at: now, end: job.end, jobHeaders, text, headers: frozen, late, whole, route };
    const bytes = bytesOf(text);
    if (this.maxBodies === 0 || bytes > this.maxBodyBytes) return entry;
    if (hit) {
      this.bodies.delete(job);
      this.bodyBytes -= bytesOf(hit.text);
    } else if (this.bodies.size >= this.maxBodies) this.dropOldestBody();
    while (this.bodies.size > 0 && this.bodyBytes + bytes > this.maxBodyBytes) this.dropOldestBody();
    this.bodies.set(job, entry);
    this.bodyBytes += bytes;
    return entry;
  }

  private dropOldestBody(): void {
    const [job, oldest] = this.bodies.entries().next().value as [Job, Rendered];
    this.bodies.delete(job);
    this.bodyBytes -= bytesOf(oldest.text);
  }
}

/** The same header names and values, in any order. */
function sameHeaders(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  for (const name of names) if (a[name] !== b[name]) return false;
  return true;
}

/**
 * The answer with its Retry-After read from its headers (whatever their case), when it has one:
 * every status answer says it, so the request log never searches headers.
 */
function withRetryAfter(a: Answer): Answer {
  const name = Object.keys(a.headers).find((h) => h.toLowerCase() === 'retry-after');
  return name === undefined ? a : { ...a, retryAfter: a.headers[name] as string };
}

/** A status route with its path parameters already read (by Hono, or from a path here). */
export function resolved(route: CompiledRoute, params: Record<string, string>, path: string): ResolvedStatus {
  const unsupported = unsupportedParam(route, params);
  const badId = invalidId(route, params);
  return {
    path,
    route,
    params,
    id: params[route.spec.idParam ?? 'id'],
    scope: scopeOf(route, params),
    ...(unsupported === undefined ? {} : { unsupported }),
    ...(badId === undefined ? {} : { invalidId: badId }),
  };
}
