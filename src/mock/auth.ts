import type { ApiSpec } from './types.js';

export type AuthSpec = NonNullable<ApiSpec['auth']>;

/** Which vendors `--require-auth` checks: every one, none, or those named. */
export type RequireAuth = boolean | readonly string[];

/** Whether a vendor's credential is checked under this option. */
export function authRequired(option: RequireAuth | undefined, vendor: string): boolean {
  if (option === undefined || option === false) return false;
  return option === true || option.includes(vendor);
}

const BEARER = /^Bearer [A-Za-z0-9\-._~+/]+=*$/;
const BASIC = /^Basic \S+$/;
/** AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=…, Signature=<hex>. */
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[A-Za-z0-9]+\/\d{8}\/[a-z0-9-]+\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;

/**
 * What the credential's format says: absent (the unauthorized kind), malformed (forbidden), or
 * fine. Only the format is checked, never the value: the mock knows no keys.
 */
export function credentialProblem(
  spec: AuthSpec,
  authorization: string | undefined,
): 'unauthorized' | 'forbidden' | undefined {
  if (authorization === undefined || authorization.trim() === '') return 'unauthorized';
  if (spec.scheme === 'bearer') return BEARER.test(authorization) ? undefined : 'forbidden';
  if (spec.scheme === 'basic') return BASIC.test(authorization) ? undefined : 'forbidden';
  const m = SIGV4.exec(authorization);
  if (!m) return 'forbidden';
  return spec.service === undefined || m[1] === spec.service ? undefined : 'forbidden';
}
