import type { Context, Hono } from 'hono';
import { headerSafe } from '../util/header-value.js';
import type { MockEnv } from './body.js';
import { Namespaces } from './namespace.js';
import { json, pathOf, vendorErrorResponse } from './respond.js';
import type { CompiledRoute } from './routes.js';
import type { MockState } from './state.js';

/**
 * A wrong method on a declared path: the vendor's method_not_allowed kind with `Allow`. Mounted
 * after every route, so a declared method always wins (HEAD rides on GET, OPTIONS is a preflight).
 */
export function mountMethodNotAllowed(app: Hono<MockEnv>, served: readonly CompiledRoute[]): void {
  const byPath = new Map<string, { route: CompiledRoute; methods: Set<string> }>();
  // Each form of a path (with and without an optional trailing slash) answers its own 405.
  for (const r of served) {
    for (const path of r.honoPaths) {
      const entry = byPath.get(path) ?? { route: r, methods: new Set<string>() };
      entry.methods.add(r.spec.method);
      byPath.set(path, entry);
    }
  }
  for (const [path, { route, methods }] of byPath) {
    const allowed = [...methods].sort();
    if (allowed.includes('GET')) allowed.splice(allowed.indexOf('GET') + 1, 0, 'HEAD');
    const allow = allowed.join(', ');
    app.all(path, (c) =>
      vendorErrorResponse(
        route,
        'method_not_allowed',
        undefined,
        { Allow: allow },
        {
          method: c.req.method,
          allow: allowed.join(','),
        },
      ),
    );
  }
}

/**
 * An unknown path: the vendor's own 404 inside its namespace (so its SDK raises its own error),
 * jobkit's route list elsewhere.
 */
export function notFoundHandler(state: MockState): (c: Context<MockEnv>) => Response {
  const namespaces = new Namespaces(state.compiled);
  return (c) => {
    const path = pathOf(c.req.url);
    const owner = namespaces.owner(path);
    const detail = `No route for ${c.req.method} ${path}. jobkit serves the vendor routes below, and its admin API under /__jobkit/.`;
    if (owner) {
      const hint = `no ${owner.vendor.name} route for ${c.req.method} ${path}; see GET /__jobkit/routes`;
      return vendorErrorResponse(
        owner,
        'no_route',
        undefined,
        { 'X-Jobkit-Detail': headerSafe(hint) },
        { path },
      );
    }
    return json(
      {
        error: {
          code: 'route_not_found',
          message: detail,
          routes: state.routes.map((r) => `${r.method} ${r.path}  (${r.vendor})`),
        },
      },
      404,
    );
  };
}
