import { own as ownValue } from '../util/json.js';
import { fill } from './template.js';
import type { ErrorKindName, ErrorsSpec } from './types.js';

/** What each kind answers unless the vendor's errors section says otherwise. */
export const ERROR_DEFAULTS: Readonly<Record<ErrorKindName, { status: number; message: string }>> = {
  not_found: { status: 404, message: 'not found' },
  bad_request: { status: 400, message: 'bad request' },
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
};

/** A kind a vendor does not declare wears this one's declaration (an unknown path is its 404). */
const FALLBACK: Partial<Record<ErrorKindName, ErrorKindName>> = { no_route: 'not_found' };

export interface VendorErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** An error in the vendor's own shape (PostHog's drf-exceptions-hog, AWS rest-json, …). */
export function vendorError(
  spec: ErrorsSpec,
  kind: ErrorKindName,
  vars: { message?: string; requestId: string; [key: string]: unknown },
): VendorErrorResponse {
  const fallback = FALLBACK[kind];
  const own = ownValue(spec.kinds, kind) ?? (fallback && ownValue(spec.kinds, fallback));
  const defaults = ERROR_DEFAULTS[kind];
  const values: Record<string, unknown> = {
    code: own?.code ?? kind,
    type: own?.type ?? kind,
    status: own?.status ?? defaults.status,
    ...vars,
  };
  const lookup = (name: string) => ownValue(values, name);
  // A declared message is a template too ({{method}}, {{allow}}); the mock's own words are not.
  values.message = vars.message ?? String(fill(own?.message ?? defaults.message, lookup));
  const headers: Record<string, string> = {};
  for (const [key, template] of Object.entries({ ...spec.headers, ...own?.headers })) {
    const value = fill(template, lookup);
    if (typeof value === 'string' && value !== '') headers[key] = value;
  }
  const body = fill(own?.body ?? spec.body, lookup);
  return { status: own?.status ?? defaults.status, headers, body };
}
