/**
 * Fixed request windows, one per key (a credential or a client): a key's window opens at its
 * first request and lasts `windowMs`; the first request at or after its end opens the next. Up
 * to `limit` requests pass in a window; the ones over it are refused and not counted. Times are
 * the caller's clock ms, so a manual clock decides when a window ends.
 */

export interface WindowOptions {
  limit: number;
  windowMs: number;
  /** Keys held at most: past it, ended windows go first, then the oldest (default 10,000). */
  maxKeys?: number;
}

/** What one request was told. */
export interface Verdict {
  allowed: boolean;
  limit: number;
  /** Requests left in the window after this one (0 on a refusal). */
  remaining: number;
  /** When the window ends, in clock ms. */
  endsAt: number;
}

interface Window {
  endsAt: number;
  count: number;
}

export class RateWindows {
  private readonly windows = new Map<string, Window>();
  private readonly maxKeys: number;

  constructor(private readonly options: WindowOptions) {
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /** Counts one request of `key` at `now`, or refuses it when its window is full. */
  take(key: string, now: number): Verdict {
    const { limit, windowMs } = this.options;
    let w = this.windows.get(key);
    if (w === undefined || now >= w.endsAt) {
      if (w !== undefined) this.windows.delete(key);
      else if (this.windows.size >= this.maxKeys) this.makeRoom(now);
      w = { endsAt: now + windowMs, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= limit) return { allowed: false, limit, remaining: 0, endsAt: w.endsAt };
    w.count++;
    return { allowed: true, limit, remaining: limit - w.count, endsAt: w.endsAt };
  }

  /** Keys with a window held (for tests: the map stays bounded). */
  get size(): number {
    return this.windows.size;
  }

  /** Forgets every window (the admin API's reset). */
  clear(): void {
    this.windows.clear();
  }

  private makeRoom(now: number): void {
    for (const [key, w] of this.windows) if (now >= w.endsAt) this.windows.delete(key);
    // Windows are held in the order they opened: the first is the oldest.
    while (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next().value as string;
      this.windows.delete(oldest);
    }
  }
}
