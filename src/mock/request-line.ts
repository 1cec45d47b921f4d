import type { RequestRecord } from './request-log.js';

/** A path of jobkit's own API and control panel. */
export function isAdminPath(path: string): boolean {
  return path === '/__jobkit' || path.startsWith('/__jobkit/');
}

/** What a fault did, in a few words: `fault f1 status 503 +200ms`. */
export function faultMarker(entry: Pick<RequestRecord, 'fault'>): string | undefined {
  const f = entry.fault;
  if (!f) return undefined;
  const parts = ['fault'];
  if (f.id !== undefined) parts.push(f.id);
  if (f.outcome !== undefined) parts.push(f.outcome);
  if (f.delayMs !== undefined) parts.push(`+${Math.round(f.delayMs)}ms`);
  return parts.join(' ');
}

/**
 * The console line for one request: method, path, status and latency, then the vendor, job and
 * state it named and a marker when a fault was applied (`jobkit serve`'s request log).
 */
export function requestLine(entry: RequestRecord): string {
  const parts = [entry.method, entry.path, String(entry.status), `${entry.latencyMs.toFixed(1)}ms`];
  if (entry.vendor !== undefined) parts.push(entry.vendor);
  if (entry.job !== undefined) parts.push(`job=${entry.job}`);
  if (entry.state !== undefined) parts.push(`state=${entry.state}${entry.terminal ? ' (terminal)' : ''}`);
  const marker = faultMarker(entry);
  if (marker !== undefined) parts.push(`[${marker}]`);
  return parts.join(' ');
}
