import type { Job } from '../../lifecycle/engine.js';
import type { MockState } from '../state.js';
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

/**
 * Webhooks of one mock: jobs move by the clock, not by requests, so `check()` looks at every job a
 * rule watches and sends one event per rule for each job whose state differs from the last look
 * (states a job passes through between two looks are not sent). `start()` looks on an interval.
 */
export class Webhooks {
  private readonly rules: WebhookRule[];
  private readonly seen = new WeakMap<Job, string>();
  private readonly log: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly fetch: typeof globalThis.fetch;

  constructor(private readonly options: WebhooksOptions) {
    this.rules = [...(options.rules ?? [])];
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  get size(): number {
    return this.rules.length;
  }

  add(rule: WebhookRule): void {
    this.rules.push(rule);
  }

  /** Removes every rule (deliveries under way finish). */
  clear(): void {
    this.rules.length = 0;
  }

  list(): WebhookRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The last deliveries, oldest first. */
  deliveries(): WebhookDelivery[] {
    return this.log.map((d) => ({ ...d }));
  }

  /** Sends the events of the changes since the last look; resolves when their deliveries have ended. */
  async check(): Promise<WebhookDelivery[]> {
    if (this.rules.length === 0) return [];
    const { state } = this.options;
    const now = state.clock.now();
    const sent: Promise<WebhookDelivery>[] = [];
    for (const job of state.store.list()) {
      const rules = this.rules.filter((r) => r.vendor === undefined || r.vendor === job.vendor);
      if (rules.length === 0) continue;
      const vendor = state.vendorOf(job.vendor);
      const snap = vendor.snapshot(job, now);
      const previous = this.seen.get(job);
      if (previous === snap.state) continue;
      this.seen.set(job, snap.state);
      const event: Omit<WebhookEvent, 'id'> = {
        type: snap.terminal ? 'job.ended' : 'job.state',
        at: this.shownNow(now),
        vendor: job.vendor,
        job: job.id,
        scenario: job.scenario,
        state: snap.state,
        previous: previous ?? null,
        terminal: snap.terminal ?? null,
        body: vendor.body(job, now, snap),
      };
      for (const rule of rules) {
        const on = rule.on ?? ['state', 'end'];
        if (on.includes('state') || (on.includes('end') && snap.terminal)) sent.push(this.send(rule, event));
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

  private shownNow(now: number): string {
    return new Date(this.options.state.shown(now)).toISOString();
  }

  private send(rule: WebhookRule, event: Omit<WebhookEvent, 'id'>): Promise<WebhookDelivery> {
    const full: WebhookEvent = { id: globalThis.crypto.randomUUID(), ...event };
    const done = deliver(rule, full, {
      fetch: this.fetch,
      retryDelayMs: this.options.retryDelayMs ?? 500,
      timeoutMs: this.options.timeoutMs ?? 5000,
    }).then((delivery) => {
      this.record(delivery);
      this.pending.delete(done);
      return delivery;
    });
    this.pending.add(done);
    return done;
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
