import { SequenceJudge } from '../contract/check-sequence.js';
import { bodyState } from '../contract/client-polls.js';
import { observation } from '../contract/observation.js';
import type { CaseResult } from '../contract/types.js';
import { type ClientPoll, retryAfterMs } from '../rules/client-report.js';
import type { Violation } from '../rules/ids.js';
import type { Vendor } from '../vendors/registry.js';
import { type Exchange, headerOf, jsonOf } from './exchange.js';
import type { StatusRoutes } from './routes.js';

/** What the watcher says as it happens; the CLI prints it, a library caller may collect it. */
export type WatchEvent =
  | { kind: 'job'; vendor: string; job: string; path: string; state?: string }
  | { kind: 'violation'; vendor: string; job: string; path: string; violation: Violation }
  | {
      kind: 'terminal';
      vendor: string;
      job: string;
      path: string;
      state: string;
      polls: number;
      violations: number;
    };

/** One job as one vendor judges it. */
export interface WatchedJob {
  vendor: string;
  job: string;
  /** The status path polled. */
  path: string;
  result: CaseResult;
}

interface Judged {
  vendor: Vendor;
  job: string;
  path: string;
  judge: SequenceJudge;
  /** Violations already told. */
  told: number;
  wasTerminal: boolean;
}

/**
 * Judges every status answer the proxy sees, live and per job, through the same SequenceJudge
 * `check` uses; collects the polls for the client report.
 */
export class Watcher {
  private readonly jobs = new Map<string, Judged>();
  private readonly clientPolls: ClientPoll[] = [];

  constructor(
    private readonly routes: StatusRoutes,
    private readonly onEvent: (event: WatchEvent) => void = () => {},
  ) {}

  /** Judges the exchange if it polls a job's status; returns whether it did. */
  observe(e: Exchange): boolean {
    if (e.method !== 'GET') return false;
    const path = pathOf(e.url);
    const matches = this.routes.match(path);
    if (matches.length === 0) return false;
    const json = e.status === 200 ? jsonOf(e) : { ok: false as const };
    const first = matches[0] as (typeof matches)[number];
    const poll: ClientPoll = {
      job: path,
      startedMs: e.startedMs,
      endedMs: e.endedMs,
      status: e.status,
      terminal: false,
      ...(json.ok ? bodyState(first.vendor, json.value) : {}),
    };
    const after = retryAfterMs(headerOf(e.responseHeaders, 'retry-after'), e.endedMs);
    if (after !== undefined) poll.retryAfterMs = after;
    this.clientPolls.push(poll);
    for (const m of matches) this.judge(m.vendor, m.jobId, path, e, json);
    return true;
  }

  private judge(
    vendor: Vendor,
    job: string,
    path: string,
    e: Exchange,
    json: ReturnType<typeof jsonOf>,
  ): void {
    const key = `${vendor.name}\u0000${path}`;
    let entry = this.jobs.get(key);
    const isNew = entry === undefined;
    if (!entry) {
      const judge = new SequenceJudge(vendor, { name: `${vendor.name} ${path}`, label: 'recording' });
      entry = { vendor, job, path, judge, told: 0, wasTerminal: false };
      this.jobs.set(key, entry);
    }
    entry.judge.add(json.ok ? json.value : failureOf(e));
    const result = entry.judge.result();
    const base = { vendor: vendor.name, job, path };
    if (isNew)
      this.onEvent({ kind: 'job', ...base, ...(result.states[0] ? { state: result.states[0] } : {}) });
    for (const violation of result.violations.slice(entry.told))
      this.onEvent({ kind: 'violation', ...base, violation });
    entry.told = result.violations.length;
    if (entry.judge.terminal && !entry.wasTerminal) {
      entry.wasTerminal = true;
      const state = result.states.at(-1) ?? 'terminal';
      this.onEvent({
        kind: 'terminal',
        ...base,
        state,
        polls: result.polls,
        violations: result.violations.length,
      });
    }
  }

  /** Every job seen, as its vendor judged it so far. */
  results(): WatchedJob[] {
    return [...this.jobs.values()].map((j) => ({
      vendor: j.vendor.name,
      job: j.job,
      path: j.path,
      result: j.judge.result(),
    }));
  }

  polls(): readonly ClientPoll[] {
    return this.clientPolls;
  }
}

/** An answer with no body to judge, as the failure a live poll would have been. */
function failureOf(e: Exchange) {
  if (e.error !== undefined)
    return observation({ kind: 'failure', rule: 'connection', message: `GET ${e.url}: ${e.error}` });
  if (e.status !== 200)
    return observation({
      kind: 'failure',
      rule: 'http-status',
      message: `GET ${e.url} answered ${e.status}: ${e.responseBody.toString('utf8').slice(0, 200)}`,
    });
  return observation({
    kind: 'failure',
    rule: 'json-body',
    message: `GET ${e.url} answered a body that is not JSON: ${JSON.stringify(e.responseBody.toString('utf8').slice(0, 120))}`,
  });
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
