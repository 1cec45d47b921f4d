import type { Job } from '../lifecycle/engine.js';

export interface StoreOptions {
  /** Jobs kept at most; past it the oldest finished jobs go first, then the oldest. */
  maxJobs: number;
  /** Finished jobs are forgotten this long (clock ms) after they finish. */
  finishedTtlMs: number;
}

/**
 * Jobs by vendor and id, in creation order. Memory stays bounded on a server left running for
 * days: a cap, plus a TTL on finished jobs applied by sweep().
 */
export class JobStore {
  private readonly jobs = new Map<string, Job>();
  constructor(private readonly options: StoreOptions) {}

  static key(vendor: string, id: string): string {
    return `${vendor}\u0000${id}`;
  }

  get size(): number {
    return this.jobs.size;
  }

  get(vendor: string, id: string): Job | undefined {
    return this.jobs.get(JobStore.key(vendor, id));
  }

  /** Jobs with this id across vendors (admin lookups by bare id). */
  findById(id: string): Job[] {
    const out: Job[] = [];
    for (const job of this.jobs.values()) if (job.id === id) out.push(job);
    return out;
  }

  /** Adds a job, making room first: the job just added is never the one evicted. */
  add(job: Job, finishedAt: (job: Job) => number | undefined): void {
    const key = JobStore.key(job.vendor, job.id);
    const over = this.jobs.size + (this.jobs.has(key) ? 0 : 1) - this.options.maxJobs;
    if (over > 0) this.evict(over, finishedAt);
    this.jobs.set(key, job);
  }

  delete(vendor: string, id: string): boolean {
    return this.jobs.delete(JobStore.key(vendor, id));
  }

  clear(): void {
    this.jobs.clear();
  }

  /** Newest first. */
  list(vendor?: string): Job[] {
    const out: Job[] = [];
    for (const job of this.jobs.values()) if (vendor === undefined || job.vendor === vendor) out.push(job);
    return out.reverse();
  }

  /** Forgets finished jobs past their TTL; returns how many went. */
  sweep(now: number, finishedAt: (job: Job) => number | undefined): number {
    let removed = 0;
    for (const [key, job] of this.jobs) {
      const at = finishedAt(job);
      if (at !== undefined && now - at > this.options.finishedTtlMs) {
        this.jobs.delete(key);
        removed++;
      }
    }
    return removed;
  }

  private evict(count: number, finishedAt: (job: Job) => number | undefined): void {
    let left = count;
    for (const [key, job] of this.jobs) {
      if (left === 0) return;
      if (finishedAt(job) !== undefined) {
        this.jobs.delete(key);
        left--;
      }
    }
    for (const key of this.jobs.keys()) {
      if (left === 0) return;
      this.jobs.delete(key);
      left--;
    }
  }
}
