import type { CompiledRoute } from './routes.js';

/** A vendor's path prefix, and the routes it declares under it. */
interface Space {
  prefix: string;
  route: CompiledRoute;
}

/** The routes' longest common prefix of whole literal segments; '' when it is only '/'. */
function commonPrefix(paths: string[]): string {
  const split = paths.map((p) => p.split('/'));
  const first = split[0] ?? [];
  let n = 0;
  while (
    n < first.length - 1 &&
    !(first[n] as string).includes('{') &&
    split.every((s) => s.length - 1 > n && s[n] === first[n])
  )
    n++;
  const prefix = first.slice(0, n).join('/');
  return prefix === '' ? '' : `${prefix}/`;
}

function under(path: string, prefix: string): boolean {
  if (prefix.endsWith('/')) return path.startsWith(prefix) || `${path}/` === prefix;
  return path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Which vendor an unmatched path belongs to: its declared `api.namespace` prefixes, or its routes'
 * common prefix. The longest prefix wins, so vendors sharing /v1 each keep their own.
 */
export class Namespaces {
  private readonly spaces: Space[] = [];

  constructor(compiled: readonly CompiledRoute[]) {
    const byVendor = new Map<string, CompiledRoute[]>();
    for (const r of compiled) byVendor.set(r.vendor.name, [...(byVendor.get(r.vendor.name) ?? []), r]);
    for (const routes of byVendor.values()) {
      const first = routes[0] as CompiledRoute;
      const declared = first.api.namespace ?? [commonPrefix(routes.map((r) => r.spec.path))];
      for (const prefix of declared) if (prefix !== '') this.spaces.push({ prefix, route: first });
    }
    this.spaces.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** A route of the vendor whose namespace holds this path (its errors answer for it). */
  owner(path: string): CompiledRoute | undefined {
    return this.spaces.find((s) => under(path, s.prefix))?.route;
  }
}
