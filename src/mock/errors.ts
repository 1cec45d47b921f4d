import { fill } from './template.js';
import type { ErrorKindName, ErrorsSpec } from './types.js';

const DEFAULT_STATUS: Record<ErrorKindName, number> = {
  not_found: 404,
  bad_request: 400,
  conflict: 409,
  cancel_refused: 409,
  unsupported: 422,
  payload_too_large: 413,
  too_many_requests: 429,
  server_error: 500,
};

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
  const def = spec.kinds[kind];
  const status = def?.status ?? DEFAULT_STATUS[kind];
  const values: Record<string, unknown> = {
    code: def?.code ?? kind,
    type: def?.type ?? kind,
    ...vars,
    message: vars.message ?? def?.message ?? kind.replace('_', ' '),
  };
  const lookup = (name: string) => values[name];
  const headers: Record<string, string> = {};
  for (const [key, template] of Object.entries(spec.headers ?? {})) {
    const value = fill(template, lookup);
    if (typeof value === 'string' && value !== '') headers[key] = value;
  }
  return { status, headers, body: fill(spec.body, lookup) };
}
