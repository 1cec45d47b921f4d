import type { LoggedRequest } from './request-log.js';
import type { MockState } from './state.js';
import type { StatusAnswers } from './status.js';

/**
 * Logs one answered request: the vendor, job and status it names when the path is a status path
 * (read at `time`, the moment the request arrived, so the state is the one the answer showed).
 */
export function logRequest(
  mock: { state: MockState; status: StatusAnswers },
  request: { method: string; path: string; status: number; time: number; retryAfter?: string | null },
): void {
  const log = mock.state.requests;
  if (!log.enabled) return;
  const entry: LoggedRequest = {
    method: request.method,
    path: request.path,
    status: request.status,
    time: request.time,
  };
  if (request.retryAfter != null) entry.retryAfter = request.retryAfter;
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
  log.add(entry);
}
