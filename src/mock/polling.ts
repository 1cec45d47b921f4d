import { type ClientPoll, type ClientReport, clientReport, retryAfterMs } from '../rules/client-report.js';
import type { RequestRecord } from './request-log.js';

/**
 * A status GET of a known job as a client poll, on the wall clock: a client's pace (and the
 * Retry-After it was asked to honour) is measured in real time, whatever the mock's speed.
 */
function pollOf(entry: RequestRecord): ClientPoll | undefined {
  if (entry.method !== 'GET' || entry.job === undefined) return undefined;
  const endedMs = entry.wallTime + entry.latencyMs;
  const poll: ClientPoll = {
    job: `${entry.vendor ?? ''} ${entry.job}`.trim(),
    startedMs: entry.wallTime,
    endedMs,
    status: entry.status,
    terminal: entry.terminal === true,
  };
  if (entry.state !== undefined) poll.state = entry.state;
  const after = retryAfterMs(entry.retryAfter, endedMs);
  if (after !== undefined) poll.retryAfterMs = after;
  return poll;
}

/** How clients polled each job in the request log: the runner's client report, per job. */
export function pollingReport(records: readonly RequestRecord[], minIntervalMs?: number): ClientReport {
  const polls = records.flatMap((e) => pollOf(e) ?? []);
  return clientReport(polls, minIntervalMs === undefined ? {} : { minIntervalMs });
}
