import { own as ownValue } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import { fill } from './template.js';
import type { ErrorKind, ErrorKindName, ErrorsSpec } from './types.js';

/** What each kind answers unless the vendor's errors section says otherwise. */
export const ERROR_DEFAULTS: Readonly<Record<ErrorKindName, { status: number; message: string }>> = {
  not_found: { status: 404, message: 'not found' },
  bad_request: { status: 400, message: 'bad request' },
  invalid_body: { status: 400, message: 'bad request' },
  invalid_json: { status: 400, message: 'bad request' },
  conflict: { status: 409, message: 'conflict' },
  cancel_refused: { status: 409, message: 'cancel refused' },
  unsupported: { status: 422, message: 'unsupported' },
  payload_too_large: { status: 413, message: 'payload too large' },
  too_many_requests: { status: 429, message: 'too many requests' },
  server_error: { status: 500, message: 'server error' },
  unauthorized: { status: 401, message: 'unauthorized' },
  forbidden: { status: 403, message: 'forbidden' },
  method_not_allowed: { status: 405, message: 'method {{method}} not allowed' },
  no_route: { status: 404, message: 'not found' },
  too_many_active: { status: 429, message: 'too many active jobs' },
};

export interface VendorErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A kind a vendor may leave out, answered then as the kind it refines: a request body against its
 * schema, or one that is not JSON, is a bad request unless the vendor words it apart (Weaviate's
 * framework validation, go-swagger's 400 for a body it cannot parse).
 */
const REFINES: Partial<Record<ErrorKindName, ErrorKindName>> = {
  invalid_body: 'bad_request',
  invalid_json: 'bad_request',
  // An unknown path in a vendor's namespace is its 404.
  no_route: 'not_found',
};

/** The vendor's own fields for a kind, or those of the kind it refines. */
export function ownKind(spec: ErrorsSpec, kind: ErrorKindName): ErrorKind | undefined {
  const refined = REFINES[kind];
  return ownValue(spec.kinds, kind) ?? (refined === undefined ? undefined : ownValue(spec.kinds, refined));
}

/** False for a kind the vendor answers as the kind it refines (nothing of its own to describe). */
export function answeredApart(spec: ErrorsSpec, kind: ErrorKindName): boolean {
  return REFINES[kind] === undefined || ownValue(spec.kinds, kind) !== undefined;
}

/** A hole's value: a variable, or a field of the `body` variable (`body:/path`). */
function holeValue(vars: Record<string, unknown>, name: string): unknown {
  if (name.startsWith('body:')) return getAt(ownValue(vars, 'body'), name.slice(5));
  return ownValue(vars, name);
}

/**
 * A kind's message with holes ({{state}}, {{retryAfter}}) is the vendor's own sentence about this
 * very error (DRF's "Cannot cancel a run that is in 'Completed' status"): filled, it says more
 * than jobkit's words, so it wins; a hole with no value leaves jobkit's words. A `fixed` message
 * is the vendor's one sentence for the error, so it wins as it is.
 */
function ownWords(kind: ErrorKind | undefined, vars: Record<string, unknown>): string | undefined {
  const template = kind?.message;
  if (template === undefined) return undefined;
  if (kind?.fixed === true) return template;
  if (!template.includes('{{')) return undefined;
  let missing = false;
  const text = template.replace(/\{\{([A-Za-z]+|body:[^{}]*)\}\}/g, (_m, name: string) => {
    const value = holeValue(vars, name);
    if (value === undefined) missing = true;
    return String(value);
  });
  return missing ? undefined : text;
}

/** An error in the vendor's own shape (PostHog's drf-exceptions-hog, AWS rest-json, …). */
export function vendorError(
  spec: ErrorsSpec,
  kind: ErrorKindName,
  vars: { message?: string; requestId: string; [key: string]: unknown },
): VendorErrorResponse {
  const own = ownKind(spec, kind);
  const defaults = ERROR_DEFAULTS[kind];
  const values: Record<string, unknown> = {
    code: own?.code ?? kind,
    type: own?.type ?? kind,
    status: own?.status ?? defaults.status,
    ...vars,
  };
  const lookup = (name: string) => ownValue(values, name);
  // A declared message is a template too ({{method}}, {{allow}}); the mock's own words are not.
  values.message =
    ownWords(own, vars) ?? vars.message ?? String(fill(own?.message ?? defaults.message, lookup));
  const headers: Record<string, string> = {};
  for (const [key, template] of Object.entries({ ...spec.headers, ...own?.headers })) {
    const value = fill(template, lookup);
    if (typeof value === 'string' && value !== '') headers[key] = value;
  }
  return { status: own?.status ?? defaults.status, headers, body: fill(own?.body ?? spec.body, lookup) };
}
