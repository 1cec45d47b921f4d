import { utf8Length } from '../util/bytes.js';
import { headerSafe } from '../util/header-value.js';
import { vendorError } from './errors.js';
import { idProblem, MAX_ID_LENGTH, wellFormed } from './ids.js';
import type { CompiledRoute } from './routes.js';
import type { ErrorKindName } from './types.js';

/** One answer as data: either transport (Hono or the node:http fast path) writes it as it is. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
  /**
   * The Retry-After among `headers`, when the answer is a shared status rendering (read once per
   * rendering, so the request log need not search the headers of every poll).
   */
  retryAfter?: string;
}

/** Headers every answer lets a browser read; a vendor's own declared headers are added (routes.ts). */
export const EXPOSED: readonly string[] = [
  'Retry-After',
  'x-amzn-ErrorType',
  'x-amzn-RequestId',
  'Location',
  'X-Jobkit-Detail',
];

/**
 * The CORS expose list when the served vendors declare headers beyond jobkit's fixed list (their
 * api, route and error headers), so a browser may read them; undefined when the list covers them.
 */
export function exposedHeaders(compiled: readonly CompiledRoute[]): string | undefined {
  const names = new Map(EXPOSED.map((n) => [n.toLowerCase(), n]));
  const known = names.size;
  const add = (declared: Iterable<string>) => {
    for (const name of declared) if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  };
  for (const r of compiled) {
    add(Object.keys(r.api.headers ?? {}));
    add(Object.keys(r.api.errors.headers ?? {}));
    add(Object.values(r.api.rateLimit?.headers ?? {}));
    add(r.jobHeaders?.names ?? []);
  }
  return names.size === known ? undefined : [...names.values()].join(',');
}

/** On every answer: any origin may call the mock, and read the headers clients act on. */
export const CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'access-control-allow-origin': '*',
  'access-control-expose-headers': EXPOSED.join(','),
});

/** The answer to a CORS preflight, whatever the path (what Hono's cors() middleware sent). */
export function preflight(requestHeaders: string | undefined): Answer {
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    'access-control-max-age': '600',
    'access-control-allow-methods': 'GET,HEAD,POST,PUT,PATCH,DELETE,OPTIONS',
  };
  if (requestHeaders) {
    headers['access-control-allow-headers'] = requestHeaders
      .split(',')
      .map((h) => h.trim())
      .join(',');
    headers.vary = 'Access-Control-Request-Headers';
  }
  return { status: 204, headers, body: null };
}

/** The headers of a JSON answer with nothing of its own: one frozen object, shared. */
export const JSON_ANSWER_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json; charset=UTF-8',
  ...CORS_HEADERS,
});

/** A JSON answer; 204 and an absent body send no body (and no content type). */
export function answer(body: unknown, status: number, headers: Record<string, string> = {}): Answer {
  if (status === 204 || body === undefined)
    return { status, headers: { ...CORS_HEADERS, ...headers }, body: null };
  const text = JSON.stringify(body);
  return { status, headers: jsonHeaders(text, headers), body: text };
}

/**
 * The headers of a JSON body: type, CORS, length, then the answer's own. The length is part of
 * the answer, so both transports send the same Content-Length (neither answers chunked).
 */
export function jsonHeaders(text: string, own?: Record<string, string>): Record<string, string> {
  return { ...JSON_ANSWER_HEADERS, 'content-length': String(utf8Length(text)), ...own };
}

export function toResponse(a: Answer): Response {
  // A copy: @hono/node-server adds Content-Length to the object it is given, and the fast path's
  // success headers are one frozen object shared by every answer.
  return new Response(a.body, { status: a.status, headers: { ...a.headers } });
}

export function json(body: unknown, status: number, headers?: Record<string, string>): Response {
  return toResponse(answer(body, status, headers));
}

/** The headers of the vendor's JSON answers: its own Content-Type, when it declares one. */
export function contentTypeOf(r: Pick<CompiledRoute, 'api'>): Record<string, string> {
  return r.api.contentType === undefined ? {} : { 'content-type': r.api.contentType };
}

/** The headers of the vendor's error answers: their own Content-Type (problem+json), else its JSON one. */
export function errorContentTypeOf(r: Pick<CompiledRoute, 'api'>): Record<string, string> {
  const type = r.api.errors.contentType;
  return type === undefined ? contentTypeOf(r) : { 'content-type': type };
}

/**
 * An error in the route's vendor's own format, with a fresh request id; `vars` fill the kind's
 * message template ({{method}}, {{allow}}, {{path}}).
 */
export function vendorErrorAnswer(
  r: CompiledRoute,
  kind: ErrorKindName,
  message?: string,
  extra: Record<string, string> = {},
  vars: Record<string, unknown> = {},
): Answer {
  const e = vendorError(r.api.errors, kind, {
    ...vars,
    requestId: globalThis.crypto.randomUUID(),
    ...(message === undefined ? {} : { message }),
  });
  return answer(e.body, e.status, { ...errorContentTypeOf(r), ...e.headers, ...extra });
}

export function vendorErrorResponse(
  r: CompiledRoute,
  kind: ErrorKindName,
  message?: string,
  extra?: Record<string, string>,
  vars?: Record<string, unknown>,
): Response {
  return toResponse(vendorErrorAnswer(r, kind, message, extra, vars));
}

/** The vendor's own 404 body, word for word; jobkit's explanation rides in a header. */
export function notFoundAnswer(
  r: CompiledRoute,
  params: Record<string, string>,
  evicted: (vendor: string, id: string) => boolean = () => false,
): Answer {
  const id = params[r.spec.idParam ?? 'id'];
  // A header carries no raw input: the id percent-encoded where a header could not carry it, and
  // an id too long to be one described rather than echoed.
  const detail =
    id === undefined
      ? 'no such job'
      : evicted(r.vendor.name, id)
        ? `${r.vendor.name} job "${wellFormed(id)}" was evicted while running: --max-jobs was reached with no finished job left to evict`
        : id.length > MAX_ID_LENGTH
          ? `no ${r.vendor.name} job: the id ${idProblem(id)}`
          : `no ${r.vendor.name} job "${wellFormed(id)}" under these path parameters`;
  return vendorErrorAnswer(r, 'not_found', undefined, { 'X-Jobkit-Detail': headerSafe(detail) });
}

/** The path of a request URL, absolute (Hono's) or a path with a query (node:http's). */
export function pathOf(url: string): string {
  let start = 0;
  if (url.charCodeAt(0) !== 47 /* / */) {
    const scheme = url.indexOf('://');
    start = url.indexOf('/', scheme === -1 ? 0 : scheme + 3);
    if (start === -1) return '/';
  }
  const q = url.indexOf('?', start);
  return q === -1 ? (start === 0 ? url : url.slice(start)) : url.slice(start, q);
}
