import type { Context, MiddlewareHandler } from 'hono';
import { JobkitError } from '../../errors.js';
import type { MockEnv } from '../body.js';
import { Namespaces } from '../namespace.js';
import { vendorErrorResponse } from '../respond.js';
import type { CompiledRoute } from '../routes.js';
import type { MockState } from '../state.js';
import type { ApiSpec } from '../types.js';
import { RateWindows, type Verdict } from './window.js';

/** A vendor file's `api.rateLimit`. */
export type RateLimitSpec = NonNullable<ApiSpec['rateLimit']>;

/** Another limit or window for a vendor than its file's, or false to serve it unlimited. */
export type RateLimitOverride = { limit?: number; windowMs?: number } | false;

export interface RateLimitOptions {
  state: MockState;
  /** By vendor: a limit or window of its own (a vendor whose file declares none gets no headers). */
  overrides?: Readonly<Record<string, RateLimitOverride>>;
}

/** One vendor's windows and how its answers tell them. */
interface Limited {
  spec: RateLimitSpec;
  windows: RateWindows;
  /** A route of the vendor, whose errors answer a refusal. */
  route: CompiledRoute;
}

export interface RateLimits {
  /** The vendors with a window: their requests are answered through Hono (the window needs the request). */
  readonly vendors: ReadonlySet<string>;
  /** Counts each request on a limited vendor's paths, refuses it over the limit, and adds the headers. */
  readonly middleware: MiddlewareHandler<MockEnv>;
  /** A vendor's windows, when it has them (tests read their size). */
  windowsOf(vendor: string): RateWindows | undefined;
  /** Forgets every window (the admin API's reset): each key starts afresh. */
  clear(): void;
}

/** The effective spec of each limited vendor: its file's, with the override on top. */
function limitedSpecs(
  state: MockState,
  overrides: Readonly<Record<string, RateLimitOverride>>,
): Map<string, { spec: RateLimitSpec; route: CompiledRoute }> {
  const out = new Map<string, { spec: RateLimitSpec; route: CompiledRoute }>();
  for (const name of Object.keys(overrides)) {
    if (!state.vendors.has(name))
      throw new JobkitError(
        'usage',
        `A rate limit (--rate-limit, or rateLimits in the config or the library) names no vendor "${name}". The vendors are: ${[...state.vendors.keys()].join(', ')}.`,
      );
  }
  for (const route of state.compiled) {
    const name = route.vendor.name;
    if (out.has(name)) continue;
    const override = overrides[name];
    if (override === false) continue;
    const declared = route.api.rateLimit;
    if (!declared && override === undefined) continue;
    const spec: RateLimitSpec = {
      ...(declared ?? { limit: 1, windowMs: 1, headers: {} }),
      ...(override?.limit === undefined ? {} : { limit: override.limit }),
      ...(override?.windowMs === undefined ? {} : { windowMs: override.windowMs }),
    };
    if (
      override &&
      declared === undefined &&
      (override.limit === undefined || override.windowMs === undefined)
    )
      throw new JobkitError(
        'usage',
        `rateLimits.${name} needs a limit and a window: its file declares none.`,
      );
    out.set(name, { spec, route });
  }
  return out;
}

/** A short, stable key for a credential: the header itself, or a digest of a long one. */
function credentialKey(value: string): string {
  if (value.length <= 256) return `a:${value}`;
  // FNV-1a: only to keep the map's keys small; two credentials sharing a window is harmless here.
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return `h:${value.length}:${(h >>> 0).toString(16)}:${value.slice(0, 64)}`;
}

/** Per credential, else per client address (node:http's socket; one key when there is none). */
function keyOf(c: Context<MockEnv>): string {
  const auth = c.req.header('authorization');
  if (auth !== undefined && auth !== '') return credentialKey(auth);
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return `c:${env?.incoming?.socket?.remoteAddress ?? 'local'}`;
}

/** The window's headers, as the vendor names them. */
function windowHeaders(
  spec: RateLimitSpec,
  v: Verdict,
  now: number,
  shown: (ms: number) => number,
): Record<string, string> {
  const out: Record<string, string> = {};
  const { headers } = spec;
  if (headers.limit) out[headers.limit] = String(v.limit);
  if (headers.remaining) out[headers.remaining] = String(v.remaining);
  if (headers.reset)
    out[headers.reset] = String(
      spec.reset === 'unix-s' ? Math.ceil(shown(v.endsAt) / 1000) : Math.ceil((v.endsAt - now) / 1000),
    );
  return out;
}

/**
 * The vendors' request windows, owned by one mock app. A path belongs to a vendor by its routes,
 * else by its namespace (unknown paths and wrong methods count too, as on a real gateway).
 */
export function createRateLimits(options: RateLimitOptions): RateLimits | undefined {
  const { state } = options;
  const specs = limitedSpecs(state, options.overrides ?? {});
  if (specs.size === 0) return undefined;
  const limited = new Map<string, Limited>();
  for (const [name, { spec, route }] of specs)
    limited.set(name, {
      spec,
      route,
      windows: new RateWindows({ limit: spec.limit, windowMs: spec.windowMs }),
    });
  const own = state.compiled.filter((r) => limited.has(r.vendor.name));
  const namespaces = new Namespaces(state.compiled);
  const vendorOf = (path: string): Limited | undefined => {
    const route = own.find((r) => r.pattern.test(path)) ?? namespaces.owner(path);
    return route === undefined ? undefined : limited.get(route.vendor.name);
  };

  const middleware: MiddlewareHandler<MockEnv> = async (c, next) => {
    const hit = vendorOf(c.req.path);
    if (hit === undefined) return next();
    const now = state.clock.now();
    const verdict = hit.windows.take(keyOf(c), now);
    const headers = windowHeaders(hit.spec, verdict, now, (ms) => state.shown(ms));
    if (!verdict.allowed) {
      const retryAfter = String(Math.max(1, Math.ceil((verdict.endsAt - now) / 1000)));
      return vendorErrorResponse(hit.route, 'too_many_requests', undefined, {
        ...headers,
        'Retry-After': retryAfter,
      });
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };

  return {
    vendors: new Set(limited.keys()),
    middleware,
    windowsOf: (vendor) => limited.get(vendor)?.windows,
    clear: () => {
      for (const { windows } of limited.values()) windows.clear();
    },
  };
}
