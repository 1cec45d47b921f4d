import type { Job } from '../lifecycle/engine.js';
import { headerSafe } from '../util/header-value.js';
import { own } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import { wellFormed } from './ids.js';
import { fill, type Lookup } from './template.js';
import type { RouteSpec } from './types.js';

/**
 * A route's response headers as templates over its job, with the placeholders and syntax of
 * response bodies (template.ts). Values that depend on the job are filled once per job and
 * moment (`prepare`); the two that depend on the request, the request id and the origin of
 * `{{statusUrl}}`, stay marks until the answer is sent (`finish`), so a status answer's headers
 * are cached with its body and both transports send the same.
 */

/** Stand for the request's values while the rest is filled ahead of the request. */
const REQUEST_ID = '\u0000requestId\u0000';
const ORIGIN = '\u0000origin\u0000';

/** What a header template may name besides an action's own values (create's request and count). */
export interface JobValues {
  job: Job;
  now: number;
  /** The job's body as the answer shows it (read only for `{{body:/pointer}}`). */
  body: () => unknown;
  /** The job's state now (read only for `{{retryAfter}}`). */
  state: () => string;
  extra?: Lookup;
}

/** Headers filled for one job at one moment: finished values, and values waiting for the request. */
export interface PreparedHeaders {
  fixed: Readonly<Record<string, string>>;
  /** Values holding the request id's or the origin's mark; undefined when there are none. */
  late: readonly [name: string, value: string][] | undefined;
}

/** The request's part of a header: a fresh id, and the origin (read only when a header needs it). */
export interface RequestValues {
  requestId: () => string;
  origin: () => string;
}

function safe(value: unknown): unknown {
  return typeof value === 'string' ? headerSafe(value) : value;
}

export class JobHeaders {
  /** The names the route declares, for CORS and the OpenAPI export. */
  readonly names: readonly string[];

  constructor(
    private readonly templates: Readonly<Record<string, string>>,
    /** The job's status path (the vendor's first status route), for `{{statusUrl}}`. */
    private readonly statusPath: (job: Job) => string | undefined,
    /** Seconds by state, for `{{retryAfter}}`: absent in the states it does not name. */
    private readonly retryAfter: Readonly<Record<string, number>> | undefined,
  ) {
    this.names = Object.keys(templates);
  }

  prepare(values: JobValues): PreparedHeaders {
    const { job } = values;
    const lookup: Lookup = (name) => {
      if (name === 'requestId') return REQUEST_ID;
      if (name === 'statusUrl') {
        const path = this.statusPath(job);
        return path === undefined ? undefined : ORIGIN + path;
      }
      if (name === 'job.id') return safe(job.id);
      if (name.startsWith('param.')) return safe(job.params[name.slice(6)]);
      if (name.startsWith('body:')) return safe(getAt(values.body(), name.slice(5)));
      if (name === 'now') return new Date(values.now).toISOString();
      if (name === 'retryAfter') return this.retryAfter?.[values.state()];
      return safe(values.extra?.(name));
    };
    const filled = fill(this.templates, lookup) as Record<string, unknown>;
    const fixed: Record<string, string> = {};
    const late: [string, string][] = [];
    for (const [name, raw] of Object.entries(filled)) {
      const value = String(raw);
      if (value.includes(REQUEST_ID) || value.includes(ORIGIN)) late.push([name, value]);
      else fixed[name] = value;
    }
    return { fixed, late: late.length > 0 ? late : undefined };
  }
}

/** The late values of prepared headers, with the request's id and origin in place of their marks. */
export function finish(
  late: readonly [string, string][],
  request: RequestValues,
): [name: string, value: string][] {
  return late.map(([name, value]) => {
    let out = value;
    if (out.includes(REQUEST_ID)) out = out.replaceAll(REQUEST_ID, request.requestId());
    if (out.includes(ORIGIN)) out = out.replaceAll(ORIGIN, request.origin());
    return [name, out];
  });
}

/** Prepared and finished at once: the headers of an answer built per request (create, cancel). */
export function jobHeadersNow(
  headers: JobHeaders,
  values: JobValues,
  request: RequestValues,
): Record<string, string> {
  const prepared = headers.prepare(values);
  if (!prepared.late) return { ...prepared.fixed };
  return { ...prepared.fixed, ...Object.fromEntries(finish(prepared.late, request)) };
}

/** The header templates a route answers its success with, by its action. */
export function headerTemplates(spec: RouteSpec): Record<string, string> | undefined {
  if (spec.action === 'create') return spec.create?.response.headers;
  if (spec.action === 'static') return undefined;
  return spec.response?.headers;
}

/**
 * A route's job headers, or undefined when it declares none. `{{statusUrl}}` and, off a status
 * route, `{{retryAfter}}` come from the vendor's first status route (the one statusUrl points to).
 */
export function jobHeadersOf(spec: RouteSpec, routes: readonly RouteSpec[]): JobHeaders | undefined {
  const templates = headerTemplates(spec);
  if (!templates || Object.keys(templates).length === 0) return undefined;
  const statusRoute = routes.find((r) => r.action === 'status');
  const retryAfter = spec.action === 'status' ? spec.status?.retryAfter : statusRoute?.status?.retryAfter;
  return new JobHeaders(templates, (job) => statusPathOf(statusRoute, job), retryAfter);
}

/** A job's path under a status route, its parameters percent-encoded. */
export function statusPathOf(route: RouteSpec | undefined, job: Job): string | undefined {
  if (!route) return undefined;
  const idParam = route.idParam ?? 'id';
  const aliases = route.paramAliases ?? {};
  return route.path.replace(/\{([^}]+)\}/g, (_m, p: string) =>
    encodeURIComponent(wellFormed(p === idParam ? job.id : (own(job.params, own(aliases, p) ?? p) ?? ''))),
  );
}
