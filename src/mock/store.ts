import type { Job } from '../lifecycle/engine.js';

export interface StoreOptions {
  /** Jobs kept at most; past it the oldest finished jobs go first, then the oldest. */
  maxJobs: number;
  /** Finished jobs are forgotten this long (clock ms) after they finish. */
  finishedTtlMs: number;
}

/**
 * Jobs by vendor and id, in creation order. Memory stays bounded on a server left running for
 * days: a cap, plus a TTL on finished jobs applied by sweep(). Lookups use a map per vendor, so
 * no key string is built per job.
 */
export class JobStore {
  private readonly byVendor = new Map<string, Map<string, Job>>();
  /** Every job, oldest first (a Set keeps insertion order). */
  private readonly order = new Set<Job>();
  constructor(private readonly options: StoreOptions) {}

  get size(): number {
    return this.order.size;
  }

  get(vendor: string, id: string): Job | undefined {
    return this.byVendor.get(vendor)?.get(id);
  }

  /** Jobs with this id across vendors (admin lookups by bare id). */
  findById(id: string): Job[] {
    const out: Job[] = [];
    for (const jobs of this.byVendor.values()) {
      const job = jobs.get(id);
      if (job) out.push(job);
    }
    return out;
  }

  /** Adds a job, making room first: the job just added is never the one evicted. */
  add(job: Job, finishedAt: (job: Job) => number | undefined): void {
    const existing = this.get(job.vendor, job.id);
    const over = this.order.size + (existing ? 0 : 1) - this.options.maxJobs;
    if (over > 0) this.evict(over, finishedAt);
    if (existing) this.order.delete(existing);
    let jobs = this.byVendor.get(job.vendor);
    if (!jobs) {
      jobs = new Map();
      this.byVendor.set(job.vendor, jobs);
    }
    jobs.set(job.id, job);
    this.order.add(job);
  }

  delete(vendor: string, id: string): boolean {
    const job = this.get(vendor, id);
    if (!job) return false;
    this.remove(job);
    return true;
  }

  clear(): void {
    this.byVendor.clear();
    this.order.clear();
  }

  /** Newest first. */
  list(vendor?: string): Job[] {
    const out: Job[] = [];
    for (const job of this.order) if (vendor === undefined || job.vendor === vendor) out.push(job);
    return out.reverse();
  }

  /** Forgets finished jobs past their TTL; returns how many went. */
  sweep(now: number, finishedAt: (job: Job) => number | undefined): number {
    let removed = 0;
    for (const job of this.order) {
      const at = finishedAt(job);
      if (at !== undefined && now - at > this.options.finishedTtlMs) {
        this.remove(job);
        removed++;
      }
    }
    return removed;
  }

  private remove(job: Job): void {
    this.order.delete(job);
    this.byVendor.get(job.vendor)?.delete(job.id);
  }

  private evict(count: number, finishedAt: (job: Job) => number | undefined): void {
    let left = count;
    for (const job of this.order) {
      if (left === 0) return;
      if (finishedAt(job) !== undefined) {
        this.remove(job);
        left--;
      }
    }
    for (const job of this.order) {
      if (left === 0) return;
      this.remove(job);
      left--;
    }
  }
}
