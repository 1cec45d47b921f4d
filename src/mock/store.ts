import type { Job } from '../lifecycle/engine.js';
import { EvictedJobs } from './evicted.js';

export interface StoreOptions {
  /** Jobs kept at most; past it the oldest finished jobs go first, then the oldest. */
  maxJobs: number;
  /** Finished jobs are forgotten this long (clock ms) after they finish. */
  finishedTtlMs: number;
  /** Told how many running jobs one addition evicted (the cap left no finished one to take). */
  onEvictRunning?: (count: number, first: Job) => void;
  /** The clock, which held jobs (created ahead of their time) wait for; without it they join at once. */
  now?: () => number;
}

/**
 * Jobs by vendor and id, in creation order. Memory stays bounded on a server left running for
 * days: a cap, plus a TTL on finished jobs applied by sweep(). Lookups use a map per vendor, so
 * no key string is built per job.
 *
 * Creation order is an array read from `head`, not a Set: a V8 Set keeps a hole for every deleted
 * entry until it rehashes, and each new iterator steps over all of them, so at the cap (one
 * eviction per creation, always near the front) every creation paid for the evictions before it.
 */
export class JobStore {
  private readonly byVendor = new Map<string, Map<string, Job>>();
  /**
   * Every job, oldest first, from `head` on. A slot whose job left by eviction or sweep is
   * emptied there and then (its index is at hand); the rarer removals that only know the key
   * (delete, an add that replaces) leave the job in its slot and list it in `detached` instead.
   */
  private order: (Job | undefined)[] = [];
  private head = 0;
  private count = 0;
  /** Jobs whose slot is still filled though they left the store (see `order`). */
  private readonly detached = new Set<Job>();
  /** Running jobs evicted by the cap, so their 404s can say so. */
  private readonly evicted = new EvictedJobs();
  /**
   * Jobs made ahead of their creation time (a backfill's later runs), soonest first: each joins
   * the store, in no list and under no id until then, once the clock reaches its creation.
   */
  private held: { job: Job; finishedAt: (job: Job) => number | undefined }[] = [];
  private changes = 0;
  constructor(private readonly options: StoreOptions) {}

  /**
   * Counts every addition and removal: a job found under a key stays the job under it while the
   * count is the same (what the status answers' per-path memo relies on).
   */
  get version(): number {
    return this.changes;
  }

  /** Keeps a job out of sight until the clock reaches its creation time. */
  hold(job: Job, finishedAt: (job: Job) => number | undefined): void {
    const at = this.held.findIndex((h) => h.job.createdAt > job.createdAt);
    this.held.splice(at === -1 ? this.held.length : at, 0, { job, finishedAt });
    this.release();
  }

  /** The jobs still held, soonest first. */
  heldJobs(): Job[] {
    this.release();
    return this.held.map((h) => h.job);
  }

  /** Held jobs whose time has come join the store, in their creation order. */
  private release(): void {
    if (this.held.length === 0) return;
    const now = this.options.now?.() ?? Number.POSITIVE_INFINITY;
    while (this.held.length > 0 && (this.held[0] as (typeof this.held)[number]).job.createdAt <= now) {
      const { job, finishedAt } = this.held.shift() as (typeof this.held)[number];
      this.insert(job, finishedAt);
    }
  }

  /** Whether the cap evicted this job while it was running (and no job of its id came since). */
  wasEvicted(vendor: string, id: string): boolean {
    return this.evicted.has(vendor, id);
  }

  get size(): number {
    return this.count;
  }

  get(vendor: string, id: string): Job | undefined {
    const job = this.byVendor.get(vendor)?.get(id);
    // Only a miss can be a held job whose time has come: a hit costs nothing more.
    if (job !== undefined || this.held.length === 0) return job;
    this.release();
    return this.byVendor.get(vendor)?.get(id);
  }

  /** Jobs with this id across vendors (admin lookups by bare id). */
  findById(id: string): Job[] {
    this.release();
    const out: Job[] = [];
    for (const jobs of this.byVendor.values()) {
      const job = jobs.get(id);
      if (job) out.push(job);
    }
    return out;
  }

  /** Adds a job, making room first: the job just added is never the one evicted. */
  add(job: Job, finishedAt: (job: Job) => number | undefined): void {
    // Held jobs due by now were created before this one: they join first, keeping creation order.
    this.release();
    this.insert(job, finishedAt);
  }

  private insert(job: Job, finishedAt: (job: Job) => number | undefined): void {
    this.changes++;
    // The map itself, not get(): a lookup here must not release held jobs ahead of this one.
    const existing = this.byVendor.get(job.vendor)?.get(job.id);
    const over = this.count + (existing ? 0 : 1) - this.options.maxJobs;
    if (over > 0) this.evict(over, finishedAt);
    // Eviction may already have taken the job being replaced.
    if (existing && this.byVendor.get(existing.vendor)?.get(existing.id) === existing) {
      // Re-adding the same object moves it to the end, as Set.delete + Set.add did.
      if (existing === job) this.emptySlotOf(job);
      else this.detached.add(existing);
      this.count--;
    }
    // A job re-added after leaving through delete(): its old slot must not count twice.
    if (this.detached.delete(job)) this.emptySlotOf(job);
    let jobs = this.byVendor.get(job.vendor);
    if (!jobs) {
      jobs = new Map();
      this.byVendor.set(job.vendor, jobs);
    }
    jobs.set(job.id, job);
    this.evicted.forget(job.vendor, job.id);
    this.order.push(job);
    this.count++;
  }

  delete(vendor: string, id: string): boolean {
    const job = this.get(vendor, id);
    if (!job) return false;
    this.changes++;
    this.byVendor.get(vendor)?.delete(id);
    this.detached.add(job);
    this.count--;
    this.compactIfSparse();
    return true;
  }

  clear(): void {
    this.changes++;
    this.held = [];
    this.byVendor.clear();
    this.order = [];
    this.head = 0;
    this.count = 0;
    this.detached.clear();
    this.evicted.clear();
  }

  /** Newest first. */
  list(vendor?: string): Job[] {
    this.release();
    const out: Job[] = [];
    const order = this.order;
    for (let i = order.length - 1; i >= this.head; i--) {
      const job = order[i];
      if (this.isLive(job) && (vendor === undefined || job.vendor === vendor)) out.push(job);
    }
    return out;
  }

  /** Newest first, as list() but lazily: a reader that stops early does not walk every job. */
  *newest(vendor?: string): Generator<Job, void, undefined> {
    this.release();
    const order = this.order;
    for (let i = order.length - 1; i >= this.head; i--) {
      const job = order[i];
      if (this.isLive(job) && (vendor === undefined || job.vendor === vendor)) yield job;
    }
  }

  /** Forgets finished jobs past their TTL; returns how many went. */
  sweep(now: number, finishedAt: (job: Job) => number | undefined): number {
    this.release();
    let removed = 0;
    const order = this.order;
    for (let i = this.head; i < order.length; i++) {
      const job = order[i];
      if (!this.isLive(job)) continue;
      const at = finishedAt(job);
      if (at !== undefined && now - at > this.options.finishedTtlMs) {
        this.removeAt(i, job);
        removed++;
      }
    }
    this.advanceHead();
    this.compactIfSparse();
    return removed;
  }

  private isLive(job: Job | undefined): job is Job {
    return job !== undefined && (this.detached.size === 0 || !this.detached.has(job));
  }

  private removeAt(index: number, job: Job): void {
    this.changes++;
    this.order[index] = undefined;
    this.byVendor.get(job.vendor)?.delete(job.id);
    this.count--;
  }

  /** Only for the rare removals that do not know the slot (see `order`). */
  private emptySlotOf(job: Job): void {
    const index = this.order.lastIndexOf(job);
    if (index >= this.head) this.order[index] = undefined;
  }

  private advanceHead(): void {
    const order = this.order;
    while (this.head < order.length && !this.isLive(order[this.head])) order[this.head++] = undefined;
  }

  /** Rebuilds the array once most of it is empty slots, so walks stay proportional to the jobs held. */
  private compactIfSparse(): void {
    const order = this.order;
    if (order.length - this.count <= order.length / 2) return;
    let w = 0;
    for (let i = this.head; i < order.length; i++) {
      const job = order[i];
      if (this.isLive(job)) order[w++] = job;
    }
    order.length = w;
    this.head = 0;
    this.detached.clear();
  }

  private evict(count: number, finishedAt: (job: Job) => number | undefined): void {
    let left = count;
    const order = this.order;
    const start = this.head;
    let i = start;
    // Oldest finished jobs first.
    for (; i < order.length && left > 0; i++) {
      const job = order[i];
      if (!this.isLive(job)) continue;
      if (finishedAt(job) !== undefined) {
        this.removeAt(i, job);
        left--;
      }
    }
    // The running jobs just stepped over would be stepped over again by the next eviction, past
    // the slots emptied among them: close the gaps by sliding them up against the rest, in order.
    let w = i;
    for (let k = i - 1; k >= start; k--) {
      const job = order[k];
      if (this.isLive(job)) order[--w] = job;
    }
    for (let k = start; k < w; k++) order[k] = undefined;
    this.head = w;
    // Then, if that was not enough, the oldest.
    let first: Job | undefined;
    let running = 0;
    for (let k = this.head; k < order.length && left > 0; k++) {
      const job = order[k];
      if (!this.isLive(job)) continue;
      this.removeAt(k, job);
      this.evicted.add(job.vendor, job.id);
      first ??= job;
      running++;
      left--;
    }
    if (first) this.options.onEvictRunning?.(running, first);
    this.advanceHead();
    this.compactIfSparse();
  }
}
