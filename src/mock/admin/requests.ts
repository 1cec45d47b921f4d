import type { Hono } from 'hono';
import type { MockEnv } from '../body.js';
import { quoted } from '../ids.js';
import { pollingReport } from '../polling.js';
import { json } from '../respond.js';
import type { MockState } from '../state.js';
import { adminError } from './respond.js';

/** The query's minIntervalMs, or the refusal of a bad one. */
function minInterval(asked: string | undefined): number | undefined | Response {
  if (asked === undefined) return undefined;
  const ms = Number(asked);
  if (asked.trim() !== '' && Number.isFinite(ms) && ms >= 0) return ms;
  return adminError(
    400,
    'invalid_query',
    `"minIntervalMs" must be a number of ms ≥ 0, not ${quoted(asked)}.`,
  );
}

/**
 * The request log: the last requests answered (time, method, path, status, vendor, job, state,
 * latency, fault applied), cleared by DELETE, and how clients polled each job in it.
 */
export function requestRoutes(admin: Hono<MockEnv>, state: MockState): void {
  const log = state.requests;
  admin.get('/requests', (c) => {
    const vendor = c.req.query('vendor');
    const job = c.req.query('job');
    const requests = log
      .records()
      .filter((r) => (vendor === undefined || r.vendor === vendor) && (job === undefined || r.job === job));
    return json({ limit: log.limit, requests }, 200);
  });
  admin.delete('/requests', () => {
    log.clear();
    return json(undefined, 204);
  });
  admin.get('/requests/report', (c) => {
    const ms = minInterval(c.req.query('minIntervalMs'));
    if (ms instanceof Response) return ms;
    return json({ limit: log.limit, ...pollingReport(log.records(), ms) }, 200);
  });
}
