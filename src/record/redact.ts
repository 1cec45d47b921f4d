/** Header names that carry credentials or sessions: their values never reach a recording. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-amz-security-token',
  'x-auth-token',
  'x-access-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-goog-api-key',
  'x-session-token',
]);
/** Any other name that says what it holds (e.g. x-weaviate-api-key, x-vendor-secret). */
const SECRET_NAME =
  /(^|[-_])(auth|token|secret|password|passwd|api[-_]?key|session|credential|signature)([-_]|$)/i;

export const REDACTED = '[redacted]';

export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || SECRET_NAME.test(lower);
}

/** Header pairs with every secret value replaced. */
export function redactHeaders(headers: readonly [string, string][]): [string, string][] {
  return headers.map(([name, value]) => [name, isSecretName(name) ? REDACTED : value]);
}

/** A URL with the values of secret-named query parameters (api_key=…, token=…, X-Amz-Signature=…) replaced. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (!isSecretName(name) && !/^x-amz-(credential|signature|security-token)$/i.test(name)) continue;
    parsed.searchParams.set(name, REDACTED);
    changed = true;
  }
  return changed ? parsed.toString() : url;
}
