import type { RuleId } from './ids.js';

/** One poll of a job's status as a client made it: when, and what the server answered. */
export interface ClientPoll {
  /** The job, as its status path (or id) names it: polls are grouped by this. */
  job: string;
  /** Start of the request, ms since the epoch; absent when the source holds no times. */
  startedMs?: number;
  /** End of the response, ms since the epoch. */
  endedMs?: number;
  status: number;
  /** The job's status in the body, when there was one. */
  state?: string;
  /** The body's status is terminal for the vendor. */
  terminal: boolean;
  /** The server's Retry-After, as ms from the end of this response. */
  retryAfterMs?: number;
}

export interface ClientReportOptions {
  /** Polls closer than this (start to start) with no Retry-After asking for it are too fast (default 500). */
  minIntervalMs?: number;
  /** Slack for clock and network jitter before a poll counts as sooner than Retry-After (default 50). */
  retryAfterToleranceMs?: number;
}

export type ClientRuleId = Extract<
  RuleId,
  'client-polls-after-terminal' | 'client-ignores-retry-after' | 'client-interval-too-short'
>;

/** One verdict on how a client polled one job: the rule, where it first showed, and how often. */
export interface ClientFinding {
  rule: ClientRuleId;
  job: string;
  /** 1-based poll of the job where it was first seen. */
  poll: number;
  /** Polls that broke the rule. */
  count: number;
  message: string;
}

export interface IntervalStats {
  minMs: number;
  medianMs: number;
  maxMs: number;
}

export interface JobPolling {
  job: string;
  polls: number;
  /** Start-to-start gaps between polls; absent with fewer than two timed polls. */
  intervalMs?: IntervalStats;
  /** The gaps grew over the job's life (later gaps longer than earlier ones); absent when unknown. */
  backedOff?: boolean;
  /** Answers that carried Retry-After and were followed by another poll, and how many of those came too soon. */
  retryAfter: { asked: number; ignored: number };
  pollsAfterTerminal: number;
  /** Polls sent while an earlier poll of the same job was still waiting for its answer. */
  concurrentPolls: number;
  /** The status values seen, in order, without repeats. */
  states: string[];
  findings: ClientFinding[];
}

export interface ClientReport {
  ok: boolean;
  /** The thresholds the verdicts used. */
  thresholds: Required<ClientReportOptions>;
  /** The source holds request times (HAR, the proxy); without them only counts are reported. */
  timed: boolean;
  jobs: JobPolling[];
  findings: ClientFinding[];
}

export const DEFAULT_MIN_INTERVAL_MS = 500;
const DEFAULT_TOLERANCE_MS = 50;

/** How a client polled each job, with a verdict per finding. Polls are taken in start order per job. */
export function clientReport(polls: readonly ClientPoll[], options: ClientReportOptions = {}): ClientReport {
  const thresholds = {
    minIntervalMs: options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS,
    retryAfterToleranceMs: options.retryAfterToleranceMs ?? DEFAULT_TOLERANCE_MS,
  };
  const byJob = new Map<string, ClientPoll[]>();
  for (const p of polls) {
    const list = byJob.get(p.job);
    if (list) list.push(p);
    else byJob.set(p.job, [p]);
  }
  const jobs = [...byJob.entries()].map(([job, list]) => jobPolling(job, ordered(list), thresholds));
  const findings = jobs.flatMap((j) => j.findings);
  return {
    ok: findings.length === 0,
    thresholds,
    timed: polls.length > 0 && polls.every((p) => p.startedMs !== undefined),
    jobs,
    findings,
  };
}

/** By start time when every poll has one (a stable sort keeps the source's order for ties). */
function ordered(list: ClientPoll[]): ClientPoll[] {
  if (!list.every((p) => p.startedMs !== undefined)) return list;
  return [...list].sort((a, b) => (a.startedMs as number) - (b.startedMs as number));
}

function jobPolling(job: string, polls: ClientPoll[], t: Required<ClientReportOptions>): JobPolling {
  const findings: ClientFinding[] = [];
  const states: string[] = [];
  for (const p of polls) if (p.state !== undefined && states.at(-1) !== p.state) states.push(p.state);

  const terminalAt = polls.findIndex((p) => p.terminal);
  const after = terminalAt === -1 ? 0 : polls.length - terminalAt - 1;
  if (after > 0) {
    findings.push({
      rule: 'client-polls-after-terminal',
      job,
      poll: terminalAt + 2,
      count: after,
      message: `polled ${after} more time${after === 1 ? '' : 's'} after the job was "${polls[terminalAt]?.state}" (terminal, poll ${terminalAt + 1}); stop polling once the status is terminal`,
    });
  }

  const gaps = timedGaps(polls);
  const retryAfter = { asked: 0, ignored: 0 };
  const short: { poll: number; gapMs: number }[] = [];
  const soon: { poll: number; waitedMs: number; askedMs: number }[] = [];
  for (const g of gaps) {
    const asked = g.previous.retryAfterMs;
    if (asked !== undefined) {
      retryAfter.asked++;
      const waited = g.next.startedMs - (g.previous.endedMs ?? g.previous.startedMs ?? 0);
      if (waited + t.retryAfterToleranceMs < asked) {
        retryAfter.ignored++;
        soon.push({ poll: g.poll, waitedMs: waited, askedMs: asked });
      }
    } else if (g.gapMs < t.minIntervalMs) {
      short.push({ poll: g.poll, gapMs: g.gapMs });
    }
  }
  if (soon.length > 0) {
    const first = soon[0] as (typeof soon)[number];
    findings.push({
      rule: 'client-ignores-retry-after',
      job,
      poll: first.poll,
      count: soon.length,
      message: `polled sooner than Retry-After ${soon.length} time${soon.length === 1 ? '' : 's'} (first at poll ${first.poll}: waited ${Math.round(first.waitedMs)} ms of the ${Math.round(first.askedMs)} ms asked); wait as long as Retry-After says`,
    });
  }
  if (short.length > 0) {
    const first = short[0] as (typeof short)[number];
    const shortest = Math.min(...short.map((s) => s.gapMs));
    findings.push({
      rule: 'client-interval-too-short',
      job,
      poll: first.poll,
      count: short.length,
      message: `polled ${short.length} time${short.length === 1 ? '' : 's'} less than ${t.minIntervalMs} ms after the previous poll (shortest ${Math.round(shortest)} ms, first at poll ${first.poll}); poll less often, or back off`,
    });
  }

  const values = gaps.map((g) => g.gapMs);
  return {
    job,
    polls: polls.length,
    ...(values.length > 0 ? { intervalMs: stats(values) } : {}),
    ...(values.length >= 3 ? { backedOff: backedOff(values) } : {}),
    retryAfter,
    pollsAfterTerminal: after,
    concurrentPolls: concurrent(polls),
    states,
    findings,
  };
}

interface Gap {
  /** 1-based number of the later poll. */
  poll: number;
  previous: ClientPoll;
  next: ClientPoll & { startedMs: number };
  gapMs: number;
}

/** The gaps between consecutive timed polls. */
function timedGaps(polls: ClientPoll[]): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < polls.length; i++) {
    const previous = polls[i - 1] as ClientPoll;
    const next = polls[i] as ClientPoll;
    if (previous.startedMs === undefined || next.startedMs === undefined) continue;
    gaps.push({
      poll: i + 1,
      previous,
      next: next as Gap['next'],
      gapMs: next.startedMs - previous.startedMs,
    });
  }
  return gaps;
}

function stats(values: number[]): IntervalStats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { minMs: sorted[0] as number, medianMs: median, maxMs: sorted.at(-1) as number };
}

/** Later gaps are clearly longer than earlier ones: the median of the second half is 1.5× the first's. */
function backedOff(values: number[]): boolean {
  const half = values.length >> 1;
  const early = stats(values.slice(0, half)).medianMs;
  const late = stats(values.slice(values.length - half)).medianMs;
  return late >= early * 1.5 && late > early;
}

/** Polls that started before an earlier poll of the job had its answer. */
function concurrent(polls: ClientPoll[]): number {
  let count = 0;
  let busyUntil = Number.NEGATIVE_INFINITY;
  for (const p of polls) {
    if (p.startedMs === undefined) continue;
    if (p.startedMs < busyUntil) count++;
    busyUntil = Math.max(busyUntil, p.endedMs ?? p.startedMs);
  }
  return count;
}

/**
 * Retry-After as ms from `atMs` (RFC 9110: delay-seconds or an HTTP date); undefined when absent
 * or unreadable. A past date or a negative value asks for no wait.
 */
export function retryAfterMs(value: string | null | undefined, atMs: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Math.max(0, Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - atMs);
}
