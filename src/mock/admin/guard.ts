import type { MiddlewareHandler } from 'hono';
import type { MockEnv } from '../body.js';
import { adminError } from './respond.js';

/** Who may use the admin API (a web page can reach anything on localhost, so the defaults are strict). */
export interface AdminAccessOptions {
  /** Every admin request needs `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
  /** Origins, besides the mock's own, whose pages may change the mock's state (the control panel's). */
  origins?: readonly string[];
  /**
   * When set, every admin request is refused with 403 and this reason: a mock bound beyond
   * loopback with no token has no way to tell its users from anyone on the network.
   */
  closed?: string;
}

/** The admin API's access rules, with the origins a server adds once it knows its own address. */
export interface AdminGuard {
  middleware: MiddlewareHandler<MockEnv>;
  /** Origins allowed from now on (a server's own, once it is bound). */
  allowOrigins(origins: Iterable<string>): void;
}

/**
 * Methods a browser sends without a preflight only as POST: a `text/plain` or body-less POST from
 * any page reaches the mock unasked, so POST (and PUT/PATCH, for symmetry) must say JSON. DELETE
 * always needs a preflight, and its cross-origin use is caught by the Origin check.
 */
const NEEDS_JSON = new Set(['POST', 'PUT', 'PATCH']);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const utf8 = new TextEncoder();

/**
 * Whether `guess` is the token, in a time that depends on the token's length only: every byte of
 * the token is compared, whatever the guess holds (no node:crypto, so the mock runs in a browser).
 */
function sameToken(guess: string, token: Uint8Array): boolean {
  const g = utf8.encode(guess);
  let diff = g.length ^ token.length;
  for (let i = 0; i < token.length; i++) diff |= (g[i] ?? 0) ^ (token[i] as number);
  return diff === 0;
}

function isJson(contentType: string | undefined): boolean {
  const media = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return media === 'application/json';
}

export function createAdminGuard(options: AdminAccessOptions = {}): AdminGuard {
  const origins = new Set(options.origins ?? []);
  const token = options.token === undefined ? undefined : utf8.encode(options.token);
  const { closed } = options;

  const authorized = (header: string | undefined): boolean => {
    if (token === undefined) return true;
    const m = header === undefined ? null : /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    return m !== null && sameToken(m[1] as string, token);
  };

  const middleware: MiddlewareHandler<MockEnv> = async (c, next) => {
    if (closed !== undefined) return adminError(403, 'admin_closed', closed);
    if (!authorized(c.req.header('authorization'))) {
      const res = adminError(
        401,
        'unauthorized',
        'The admin API needs "Authorization: Bearer <token>" with the token given to --admin-token.',
      );
      res.headers.set('www-authenticate', 'Bearer realm="jobkit"');
      return res;
    }
    const method = c.req.method;
    if (!SAFE.has(method)) {
      const origin = c.req.header('origin');
      if (origin !== undefined && !origins.has(origin)) {
        return adminError(
          403,
          'origin_not_allowed',
          'Pages from this origin may not change the mock. Allow it with --admin-origin ORIGIN.',
        );
      }
      if (NEEDS_JSON.has(method) && !isJson(c.req.header('content-type'))) {
        return adminError(
          415,
          'unsupported_media_type',
          'Admin requests that change the mock need "Content-Type: application/json".',
        );
      }
    }
    await next();
  };

  return {
    middleware,
    allowOrigins(more) {
      for (const o of more) origins.add(o);
    },
  };
}
