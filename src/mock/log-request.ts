import { isAdminPath } from './request-line.js';
import type { AppliedFault, FastEntry, RequestRecord } from './request-log.js';
import type { MockState } from './state.js';
import type { StatusAnswers } from './status.js';

/** One line per answered request, with the record it was made from (what `jobkit serve` prints). */
export type RequestLogger = (line: string, entry: RequestRecord) => void;

/** One answered request, as both transports report it. */
export interface AnsweredRequest {
  method: string;
  path: string;
  status: number;
  /** Arrival in the mock's clock ms. */
  time: number;
  /** Arrival on the wall clock, ms since the epoch. */
  wallTime: number;
  latencyMs: number;
  retryAfter?: string | null;
  fault?: AppliedFault;
}

/** Whether answered requests are wanted at all (so the hot path skips the lookups when not). */
export function recording(mock: { state: MockState; log?: RequestLogger }): boolean {
  return mock.state.requests.enabled || mock.log !== undefined;
}

/**
 * The record of one answered request: the vendor, job and status it names when the path is a
 * status path (read at `time`, the moment the request arrived, so the state is the one the answer showed).
 */
function recordOf(
  mock: { state: MockState; status: StatusAnswers },
  request: AnsweredRequest,
): RequestRecord {
  const entry: RequestRecord = {
    method: request.method,
    path: request.path,
    status: request.status,
    time: request.time,
    wallTime: request.wallTime,
    latencyMs: request.latencyMs,
  };
  if (request.retryAfter != null) entry.retryAfter = request.retryAfter;
  if (request.fault) entry.fault = request.fault;
  const hit = request.method === 'GET' ? mock.status.resolve(request.path) : null;
  if (hit && hit.id !== undefined) {
    const vendor = hit.route.vendor.name;
    entry.vendor = vendor;
    entry.job = hit.id;
    const job = mock.state.store.get(vendor, hit.id);
    if (job && request.status < 400) {
      const snap = mock.state.vendorOf(vendor).snapshot(job, request.time);
      entry.state = snap.state;
      entry.terminal = snap.terminal !== undefined;
    }
  }
  return entry;
}

/**
 * How a mock reads a fast entry back: made once per mock, so that logging a status GET allocates
 * nothing (the entry's slot is reused; this function is shared).
 */
export function fastEntryReader(mock: { state: MockState; status: StatusAnswers }): FastEntry['read'] {
  return (e) =>
    recordOf(mock, {
      method: 'GET',
      path: e.path,
      status: e.status,
      time: e.time,
      wallTime: e.wallTime,
      latencyMs: e.latencyMs,
      ...(e.retryAfter === undefined ? {} : { retryAfter: e.retryAfter }),
    });
}

/** Keeps the request in the state's log (when on) and hands its line to the logger (when given). */
export function logRequest(
  mock: { state: MockState; status: StatusAnswers; log?: RequestLogger },
  request: AnsweredRequest,
): void {
  if (!recording(mock)) return;
  // The log is of the app's traffic: the admin API's own (the panel polling it) would crowd it out.
  const kept = !isAdminPath(request.path);
  if (!mock.log) {
    // Nobody prints it now: what the path names is read when the log is (the state at `time`).
    if (kept) mock.state.requests.add(() => recordOf(mock, request));
    return;
  }
  const entry = recordOf(mock, request);
  if (kept) mock.state.requests.add(entry);
  mock.log(`${entry.method} ${entry.path} ${entry.status} ${entry.latencyMs.toFixed(1)}ms`, entry);
}
