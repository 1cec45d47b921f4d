/**
 * Who may call the mock from a browser. The default (any origin, no credentials) is what every
 * answer carries already (respond.ts); a policy rewrites those headers per request when a
 * frontend needs more: its own origins only, cookies or Authorization sent with
 * `credentials: 'include'` (the origin is then echoed, since browsers refuse `*` with
 * credentials), or more headers its code may read.
 */
export interface CorsOptions {
  /** Origins allowed to read answers, like http://localhost:5173; "*" (the default) is any. */
  origins?: '*' | string[];
  /** Allow credentialed requests: the caller's origin is echoed with Allow-Credentials. */
  credentials?: boolean;
  /** Headers a page may read besides the ones jobkit exposes already. */
  exposeHeaders?: string[];
}

type HeaderBag = {
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
};

/** A header bag over a plain object whose names may be in any case (the fast path's answers). */
function recordBag(headers: Record<string, string>): HeaderBag {
  const key = (name: string) => Object.keys(headers).find((k) => k.toLowerCase() === name) ?? name;
  return {
    get: (name) => headers[key(name)] ?? null,
    set: (name, value) => {
      headers[key(name)] = value;
    },
    delete: (name) => {
      delete headers[key(name)];
    },
  };
}

function appendList(current: string | null, more: readonly string[]): string {
  const names = (current ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const seen = new Set(names.map((n) => n.toLowerCase()));
  for (const n of more) {
    if (seen.has(n.toLowerCase())) continue;
    names.push(n);
    seen.add(n.toLowerCase());
  }
  return names.join(',');
}

export class CorsPolicy {
  private readonly origins: '*' | ReadonlySet<string>;
  private readonly credentials: boolean;
  private readonly expose: readonly string[];

  private constructor(options: CorsOptions) {
    this.origins = options.origins === undefined || options.origins === '*' ? '*' : new Set(options.origins);
    this.credentials = options.credentials === true;
    this.expose = options.exposeHeaders ?? [];
  }

  /** The policy, or undefined when the options ask for nothing beyond the default headers. */
  static create(options: CorsOptions | undefined): CorsPolicy | undefined {
    if (!options) return undefined;
    const plain = (options.origins === undefined || options.origins === '*') && !options.credentials;
    if (plain && (options.exposeHeaders ?? []).length === 0) return undefined;
    return new CorsPolicy(options);
  }

  allows(origin: string): boolean {
    return this.origins === '*' || this.origins.has(origin);
  }

  /** Rewrites an answer's CORS headers for a request from `origin` (the Origin header, if any). */
  apply(headers: HeaderBag | Record<string, string>, origin: string | undefined): void {
    const bag =
      typeof headers.get === 'function'
        ? (headers as HeaderBag)
        : recordBag(headers as Record<string, string>);
    if (bag.get('access-control-allow-origin') === null) return;
    if (this.expose.length > 0)
      bag.set(
        'access-control-expose-headers',
        appendList(bag.get('access-control-expose-headers'), this.expose),
      );
    if (this.origins === '*' && !this.credentials) return;
    // The answer depends on the caller's origin now: caches must keep one per origin.
    bag.set('vary', appendList(bag.get('vary'), ['Origin']));
    // No Origin: not a browser's cross-origin call, so nothing to echo.
    if (origin === undefined && this.origins === '*') return;
    if (origin === undefined || !this.allows(origin)) {
      bag.delete('access-control-allow-origin');
      return;
    }
    bag.set('access-control-allow-origin', origin);
    if (this.credentials) bag.set('access-control-allow-credentials', 'true');
  }
}
