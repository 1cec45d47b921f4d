import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/lifecycle/engine.js';
import { JobStore } from '../../src/mock/store.js';

/**
 * JobStore keeps creation order in an array with emptied slots rather than a Set; this checks it
 * against the Set-based store it replaced, which is kept here as the reference: same jobs kept,
 * same order, same counts, and the finishedAt callback asked about the same jobs in the same order.
 */

class SetStore {
  private readonly byVendor = new Map<string, Map<string, Job>>();
  private readonly order = new Set<Job>();
  constructor(private readonly options: { maxJobs: number; finishedTtlMs: number }) {}
  get size(): number {
    return this.order.size;
  }
  get(vendor: string, id: string): Job | undefined {
    return this.byVendor.get(vendor)?.get(id);
  }
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
  list(vendor?: string): Job[] {
    const out: Job[] = [];
    for (const job of this.order) if (vendor === undefined || job.vendor === vendor) out.push(job);
    return out.reverse();
  }
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

type Op =
  | { kind: 'add'; pick: number; fresh: boolean }
  | { kind: 'delete'; pick: number }
  | { kind: 'finish'; pick: number; at: number | undefined }
  | { kind: 'sweep'; now: number }
  | { kind: 'clear' };

const VENDORS = ['a', 'b', 'c'];
const IDS = 8;

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), fresh: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('finish' as const),
      pick: fc.nat(),
      at: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('sweep' as const), now: fc.integer({ min: 0, max: 200 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

describe('JobStore against the Set-based store it replaced', () => {
  it('any run of adds (new, replacing, re-adding the same object), deletes, sweeps and clears', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 50 }),
        fc.array(op, { maxLength: 120 }),
        (maxJobs, finishedTtlMs, ops) => {
          const options = { maxJobs, finishedTtlMs };
          const store = new JobStore(options);
          const model = new SetStore(options);
          /** Every job object made so far: adds pick from these (re-adds) or make a new one. */
          const made: Job[] = [];
          const finished = new Map<Job, number>();
          const calls: { store: Job[]; model: Job[] } = { store: [], model: [] };
          const finishedAt = (log: Job[]) => (job: Job) => {
            log.push(job);
            return finished.get(job);
          };
          for (const o of ops) {
            if (o.kind === 'add') {
              const n = made.length;
              let job = made[o.pick % Math.max(1, n)];
              if (o.fresh || !job) {
                const key = o.pick % (VENDORS.length * IDS);
                job = {
                  vendor: VENDORS[key % VENDORS.length],
                  id: `j${Math.floor(key / VENDORS.length)}`,
                } as Job;
                made.push(job);
              }
              store.add(job, finishedAt(calls.store));
              model.add(job, finishedAt(calls.model));
            } else if (o.kind === 'delete') {
              const job = made[o.pick % Math.max(1, made.length)];
              if (job) expect(store.delete(job.vendor, job.id)).toBe(model.delete(job.vendor, job.id));
            } else if (o.kind === 'finish') {
              const job = made[o.pick % Math.max(1, made.length)];
              if (job && o.at === undefined) finished.delete(job);
              else if (job && o.at !== undefined) finished.set(job, o.at);
            } else if (o.kind === 'sweep') {
              expect(store.sweep(o.now, finishedAt(calls.store))).toBe(
                model.sweep(o.now, finishedAt(calls.model)),
              );
            } else {
              store.clear();
              model.clear();
            }
            expect(calls.store).toEqual(calls.model);
            expect(store.size).toBe(model.size);
            expect(store.list()).toEqual(model.list());
            for (const vendor of VENDORS) {
              expect(store.list(vendor)).toEqual(model.list(vendor));
              expect([...store.newest(vendor)]).toEqual(model.list(vendor));
            }
            expect([...store.newest()]).toEqual(model.list());
            for (const job of made) expect(store.get(job.vendor, job.id)).toBe(model.get(job.vendor, job.id));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('at the cap, finished jobs behind long-running ones go in order, run after run', () => {
    const store = new JobStore({ maxJobs: 20, finishedTtlMs: 1000 });
    const model = new SetStore({ maxJobs: 20, finishedTtlMs: 1000 });
    const finished = new Set<Job>();
    const finishedAt = (job: Job) => (finished.has(job) ? 0 : undefined);
    for (let i = 0; i < 500; i++) {
      const job = { vendor: 'a', id: `j${i}` } as Job;
      store.add(job, finishedAt);
      model.add(job, finishedAt);
      // Every 7th job never finishes, so they pile up at the front; the rest finish at once.
      if (i % 7 !== 0) finished.add(job);
      expect(store.list()).toEqual(model.list());
    }
  });
});
