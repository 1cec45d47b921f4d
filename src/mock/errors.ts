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
};

export interface VendorErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A kind's message with holes ({{state}}, {{retryAfter}}) is the vendor's own sentence about this
 * very error (DRF's "Cannot cancel a run that is in 'Completed' status"): filled, it says more
 * than jobkit's words, so it wins; a hole with no value leaves jobkit's words.
 */
function ownWords(template: string | undefined, vars: Record<string, unknown>): string | undefined {
  if (template === undefined || !template.includes('{{')) return undefined;
  let missing = false;
  const text = template.replace(/\{\{([A-Za-z]+)\}\}/g, (_m, name: string) => {
    const value = ownValue(vars, name);
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
  const own = ownValue(spec.kinds, kind);
  const defaults = ERROR_DEFAULTS[kind];
  const values: Record<string, unknown> = {
    code: own?.code ?? kind,
    type: own?.type ?? kind,
    status: own?.status ?? defaults.status,
    ...vars,
    message: ownWords(own?.message, vars) ?? vars.message ?? own?.message ?? defaults.message,
  };
  const lookup = (name: string) => ownValue(values, name);
  const headers: Record<string, string> = {};
  for (const [key, template] of Object.entries(spec.headers ?? {})) {
    const value = fill(template, lookup);
    if (typeof value === 'string' && value !== '') headers[key] = value;
  }
  return { status: own?.status ?? defaults.status, headers, body: fill(spec.body, lookup) };
}
