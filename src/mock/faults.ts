import { createRandom, hashSeed, type Random } from '../lifecycle/random.js';

/** Injected trouble on vendor routes: latency, and a share of errors (5xx, or 429 with Retry-After). */
export interface Fault {
  id: string;
  /** Only this vendor's routes (all when absent). */
  vendor?: string;
  /** Only this route: its path as declared (e.g. /v1/export/{backend}/{id}), optionally "METHOD path". */
  route?: string;
  latencyMs?: number | [number, number];
  errorRate?: number;
  status?: 429 | 500 | 502 | 503 | 504;
  retryAfterS?: number;
}

export class Faults {
  private readonly faults: Fault[] = [];
  private random: Random;
  private seq = 0;

  constructor(private readonly seed: number) {
    this.random = createRandom(hashSeed(seed, 'faults'));
  }

  get size(): number {
    return this.faults.length;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  add(fault: Omit<Fault, 'id'>): Fault {
    const added = { id: `fault-${++this.seq}`, ...fault };
    this.faults.push(added);
    return added;
  }

  remove(id: string): boolean {
    const i = this.faults.findIndex((f) => f.id === id);
    if (i === -1) return false;
    this.faults.splice(i, 1);
    return true;
  }

  clear(): void {
    this.faults.length = 0;
    this.random = createRandom(hashSeed(this.seed, 'faults'));
  }

  /** What to do for a request: wait this long, then maybe fail with this status. */
  decide(vendor: string, method: string, path: string): { delayMs: number; fail?: Fault } {
    let delayMs = 0;
    let fail: Fault | undefined;
    for (const f of this.faults) {
      if (f.vendor !== undefined && f.vendor !== vendor) continue;
      if (f.route !== undefined && f.route !== path && f.route !== `${method} ${path}`) continue;
      if (f.latencyMs !== undefined) {
        const [lo, hi] = typeof f.latencyMs === 'number' ? [f.latencyMs, f.latencyMs] : f.latencyMs;
        delayMs = Math.max(delayMs, lo + this.random() * (hi - lo));
      }
      if (!fail && f.errorRate !== undefined && this.random() < f.errorRate) fail = f;
    }
    return fail ? { delayMs, fail } : { delayMs };
  }
}
