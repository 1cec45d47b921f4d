import type { Job } from '../lifecycle/engine.js';
import { own } from '../util/json.js';
import { type JobHeaders, jobHeadersOf } from './job-headers.js';
import type { MockVendor } from './jobs.js';
import { fill } from './template.js';
import type { ApiSpec, RouteSpec } from './types.js';

/** A declared route as served: its vendor, its API section, and its path taken apart once. */
export interface CompiledRoute {
  vendor: MockVendor;
  api: ApiSpec;
  spec: RouteSpec;
  /** Path parameter names in order; Hono sees them as :p0, :p1, … */
  params: string[];
  /** The declared (canonical) path in Hono's terms. */
  honoPath: string;
  /** Every form Hono must match: the canonical one, and its other ending when the slash is optional. */
  honoPaths: string[];
  /** The path as a pattern, one group per parameter (raw, still percent-encoded). */
  pattern: RegExp;
  /** A parameter shares its segment with text (`{name}:cancel`): its values come from `pattern`. */
  mixed?: true;
  /** The vendor's own headers for one answer (ApiSpec.headers), if it sends any. */
  headers?: VendorHeaders;
  /** The route's own success headers, templates over its job (job-headers.ts), if it declares any. */
  jobHeaders?: JobHeaders;
}

export interface RouteInfo {
  vendor: string;
  method: string;
  path: string;
  action: RouteSpec['action'];
  summary?: string;
}

/** Pairs rather than an object, so each header is set under its own name, in the template's order. */
export type VendorHeaders = (requestId: string) => [name: string, value: string][];

/** Generic routes for a user's vendor whose lifecycle file has a `mock` but no `api` section. */
export function defaultApi(vendor: string): ApiSpec {
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

/**
 * One path segment as Hono matches it: `{id}` is `:p0`; a parameter sharing its segment with
 * text (Google's `{name}:cancel`) is one regex parameter over the whole segment, which the route
 * takes apart with its pattern (Hono would read `:p0:cancel` as one parameter named `p0:cancel`).
 */
function honoSegment(segment: string, params: string[]): string {
  const names = [...segment.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  if (names.length === 0) return segment;
  const first = params.length;
  params.push(...names);
  if (/^\{[^}]+\}$/.test(segment)) return `:p${first}`;
  const literal = segment.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return `:p${first}{${literal.join('[^/]+')}}`;
}

/**
 * The path as one anchored pattern. With an optional trailing slash the slash is `/?` in the one
 * pattern, so a status lookup still tries one regex per route, however the path ends.
 */
function pathPattern(path: string, optionalSlash: boolean): RegExp {
  const bare = optionalSlash ? withoutSlash(path) : path;
  const literal = bare.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('([^/]+)')}${optionalSlash ? '/?' : ''}$`);
}

function withoutSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** The canonical path and, when the slash is optional, the same path ending the other way. */
function pathForms(path: string, optionalSlash: boolean): string[] {
  if (!optionalSlash || path === '/') return [path];
  return path.endsWith('/') ? [path, withoutSlash(path)] : [path, `${path}/`];
}

/** Every route of every served vendor, in declaration order (the order Hono matches them in). */
export function compileRoutes(vendors: Map<string, MockVendor>, apis: Map<string, ApiSpec>): CompiledRoute[] {
  const compiled: CompiledRoute[] = [];
  for (const [name, vendor] of vendors) {
    const api = apis.get(name) as ApiSpec;
    const headers = vendorHeaders(api.headers);
    const optionalSlash = api.trailingSlash === 'optional';
    for (const spec of api.routes) {
      const params: string[] = [];
      const honoPath = spec.path
        .split('/')
        .map((segment) => honoSegment(segment, params))
        .join('/');
      const honoPaths = pathForms(honoPath, optionalSlash);
      const pattern = pathPattern(spec.path, optionalSlash);
      const jobHeaders = jobHeadersOf(spec, api.routes);
      compiled.push({
        vendor,
        api,
        spec,
        params,
        honoPath,
        honoPaths,
        pattern,
        ...(/\}[^/]|[^/]\{/.test(spec.path) ? { mixed: true } : {}),
        ...(headers ? { headers } : {}),
        ...(jobHeaders ? { jobHeaders } : {}),
      });
    }
  }
  return compiled;
}

export function routeInfo(r: CompiledRoute): RouteInfo {
  return {
    vendor: r.vendor.name,
    method: r.spec.method,
    path: r.spec.path,
    action: r.spec.action,
    ...(r.spec.summary ? { summary: r.spec.summary } : {}),
  };
}

/**
 * The path parameters a job must agree with to be reached under a route, as [job param, value,
 * …], worked out once per request (or per path, when memoised) rather than per job. The id is
 * the job's key, and a list's `match` parameters are checked against the rendered body instead.
 */
export function scopeOf(r: CompiledRoute, params: Record<string, string>): string[] {
  const idParam = r.spec.idParam ?? 'id';
  const aliases = r.spec.paramAliases ?? {};
  const scope: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (name === idParam || own(r.spec.list?.match, name)) continue;
    scope.push(own(aliases, name) ?? name, value);
  }
  return scope;
}

/** A job without a parameter is in every scope of it (jobs made through the admin API). */
export function inScope(job: Job, scope: string[]): boolean {
  for (let i = 0; i < scope.length; i += 2) {
    const value = own(job.params, scope[i] as string);
    if (value !== undefined && value !== scope[i + 1]) return false;
  }
  return true;
}

/** A path parameter outside its route's allowed values, as the `unsupported` message; else undefined. */
export function unsupportedParam(r: CompiledRoute, params: Record<string, string>): string | undefined {
  for (const [name, allowed] of Object.entries(r.spec.paramValues ?? {})) {
    const value = own(params, name);
    if (value !== undefined && !allowed.includes(value)) {
      return `${name} "${value}" is not supported; use one of ${allowed.join(', ')}.`;
    }
  }
  return undefined;
}

/** The route's job id breaking its `idRule`, as the bad_request message; else undefined. */
export function invalidId(r: CompiledRoute, params: Record<string, string>): string | undefined {
  const rule = r.spec.idRule;
  const id = rule && own(params, r.spec.idParam ?? 'id');
  if (!rule || id === undefined) return undefined;
  const words = (template: string) =>
    String(
      fill(template, (n) =>
        n === 'id'
          ? id
          : n === 'length'
            ? String(id.length)
            : n === 'max'
              ? String(rule.maxLength)
              : undefined,
      ),
    );
  if (rule.maxLength !== undefined && id.length > rule.maxLength) return words(rule.tooLong ?? rule.message);
  return new RegExp(rule.pattern).test(id) ? undefined : words(rule.message);
}
