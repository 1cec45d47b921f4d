import type { Job } from '../../lifecycle/engine.js';
import type { MockVendor } from '../jobs.js';
import type { MockState } from '../state.js';
import { type Cursor, changesSince, type StateChange, startCursor } from './changes.js';
import { deliver } from './deliver.js';
import type { WebhookDelivery, WebhookEvent, WebhookRule } from './types.js';

export type { WebhookDelivery, WebhookEvent, WebhookRule, WebhookTrigger } from './types.js';

export interface WebhooksOptions {
  state: MockState;
  rules?: WebhookRule[];
  /** How receivers are reached (default: the global fetch). */
  fetch?: typeof globalThis.fetch;
  /** First retry's wait, doubling after (default 500 ms). */
  retryDelayMs?: number;
  /** One attempt's limit (default 5000 ms). */
  timeoutMs?: number;
  /** Deliveries kept in the log, the newest (default 100). */
  logLimit?: number;
  /** One line per finished delivery. */
  log?: (line: string) => void;
}

/** A rule, with the clock moment it began watching and its deliveries' order per job. */
interface Watch {
  rule: WebhookRule;
  since: number;
  /** The last delivery queued for each job: a job's events reach the rule's URL one after another, in order. */
  tails: WeakMap<Job, Promise<unknown>>;
}

/**
 * Webhooks of one mock: jobs move by the clock, not by requests, and a job's state is a pure
 * function of time, so `check()` works out every state each watched job entered since the last
 * look and sends one event per change, in order, each with the body and time of its own moment.
 * What has been sent is remembered per job, so looking again (or `start()` after `stop()`) sends
 * nothing twice. `start()` looks on an interval.
 */
export class Webhooks {
  private readonly watches: Watch[];
  private cursors = new WeakMap<Job, Cursor>();
  private readonly log: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly fetch: typeof globalThis.fetch;

  constructor(private readonly options: WebhooksOptions) {
    this.watches = (options.rules ?? []).map((rule) => this.watch(rule));
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get size(): number {
    return this.watches.length;
  }

  /** Watches from now on: the jobs' states before it are not sent to it. */
  add(rule: WebhookRule): void {
    this.watches.push(this.watch(rule));
  }

  /**
   * Goes on from where `previous` (the webhooks of the mock this one replaces, on the same clock
   * and jobs) had reported each job, so a reload of the mock resends nothing. Its deliveries under
   * way finish on their own.
   */
  continueFrom(previous: Webhooks): void {
    this.cursors = previous.cursors;
  }

  /** Removes every rule (deliveries under way finish). */
  clear(): void {
    this.watches.length = 0;
  }

  list(): WebhookRule[] {
    return this.watches.map((w) => ({ ...w.rule }));
  }

  /** The last deliveries, oldest first. */
  deliveries(): WebhookDelivery[] {
    return this.log.map((d) => ({ ...d }));
  }

  /** Sends the events of the changes since the last look; resolves when their deliveries have ended. */
  async check(): Promise<WebhookDelivery[]> {
    if (this.watches.length === 0) return [];
    const { state } = this.options;
    const now = state.clock.now();
    const sent: Promise<WebhookDelivery>[] = [];
    for (const job of state.store.list()) {
      let cursor = this.cursors.get(job);
      if (cursor?.ended) continue;
      const watches = this.watches.filter((w) => w.rule.vendor === undefined || w.rule.vendor === job.vendor);
      if (watches.length === 0) continue;
      if (cursor === undefined) {
        cursor = startCursor(job, Math.min(...watches.map((w) => w.since)), now);
        this.cursors.set(job, cursor);
      }
      const vendor = state.vendorOf(job.vendor);
      for (const change of changesSince(vendor, job, cursor, now)) {
        const event = this.eventOf(vendor, job, change);
        for (const w of watches) {
          const on = w.rule.on ?? ['state', 'end'];
          const wanted = on.includes('state') || (on.includes('end') && change.snap.terminal);
          if (wanted && change.at >= w.since) sent.push(this.enqueue(w, job, event));
        }
      }
    }
    return Promise.all(sent);
  }

  /** Resolves when every delivery under way has ended (and is in the log). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** Looks every `intervalMs` of real time until `stop()`. */
  start(intervalMs = 250): void {
    this.stop();
    this.timer = setInterval(() => void this.check(), intervalMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Stops looking (deliveries under way go on: a shutdown does not wait for their retries). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private watch(rule: WebhookRule): Watch {
    return { rule, since: this.options.state.clock.now(), tails: new WeakMap() };
  }

  private eventOf(vendor: MockVendor, job: Job, change: StateChange): Omit<WebhookEvent, 'id'> {
    const { snap } = change;
    return {
      type: snap.terminal ? 'job.ended' : 'job.state',
      at: new Date(this.options.state.shown(change.at)).toISOString(),
      vendor: job.vendor,
      job: job.id,
      scenario: job.scenario,
      state: snap.state,
      previous: change.previous,
      terminal: snap.terminal ?? null,
      body: vendor.body(job, change.at, snap),
    };
  }

  /** Delivers after the rule's previous delivery for the job has ended, so a receiver gets them in order. */
  private enqueue(w: Watch, job: Job, event: Omit<WebhookEvent, 'id'>): Promise<WebhookDelivery> {
    const full: WebhookEvent = { id: globalThis.crypto.randomUUID(), ...event };
    const after = w.tails.get(job) ?? Promise.resolve();
    const done = after.then(() => this.send(w.rule, full));
    w.tails.set(job, done);
    this.pending.add(done);
    const settle = () => {
      this.pending.delete(done);
      if (w.tails.get(job) === done) w.tails.delete(job);
    };
    done.then(settle, settle);
    return done;
  }

  private async send(rule: WebhookRule, event: WebhookEvent): Promise<WebhookDelivery> {
    const delivery = await deliver(rule, event, {
      fetch: this.fetch,
      retryDelayMs: this.options.retryDelayMs ?? 500,
      timeoutMs: this.options.timeoutMs ?? 5000,
    });
    this.record(delivery);
    return delivery;
  }

  private record(delivery: WebhookDelivery): void {
    this.log.push(delivery);
    const limit = this.options.logLimit ?? 100;
    if (this.log.length > limit) this.log.splice(0, this.log.length - limit);
    const outcome = delivery.ok ? `${delivery.status}` : `failed (${delivery.error})`;
    this.options.log?.(
      `webhook ${delivery.type} ${delivery.vendor} ${delivery.job} ${delivery.state} -> ${delivery.url} ${outcome}, ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}`,
    );
  }
}

export function createWebhooks(options: WebhooksOptions): Webhooks {
  return new Webhooks(options);
}
