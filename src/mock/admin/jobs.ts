import type { Hono } from 'hono';
import type { Job } from '../../lifecycle/engine.js';
import type { MockEnv } from '../body.js';
import { quoted } from '../ids.js';
import { json } from '../respond.js';
import type { MockState } from '../state.js';
import type { JobStore } from '../store.js';
import { adminError, type C, capitalize, objectBody, origin, refuse } from './respond.js';
import type { AdminChecks } from './schemas.js';

/** The job an admin path names by id (and ?vendor=), or the refusal. */
function findJob(store: JobStore, c: C): Job | Response {
  const id = c.req.param('id') ?? '';
  const vendor = c.req.query('vendor');
  const matches = vendor
    ? [store.get(vendor, id)].filter((j): j is Job => j !== undefined)
    : store.findById(id);
  if (matches.length === 0) {
    const gone =
      vendor !== undefined && store.wasEvicted(vendor, id)
        ? ': it was evicted while running (--max-jobs)'
        : '';
    return adminError(
      404,
      'job_not_found',
      `No job ${quoted(id)}${vendor ? ` for vendor ${vendor}` : ''}${gone}.`,
    );
  }
  if (matches.length > 1) {
    const which = matches.map((j) => j.vendor).join(', ');
    return adminError(
      409,
      'ambiguous_id',
      `Several vendors have a job ${quoted(id)} (${which}); add ?vendor=.`,
    );
  }
  return matches[0] as Job;
}

/** Jobs through the admin API: create (one or many), list, show, and end them. */
export function jobRoutes(admin: Hono<MockEnv>, state: MockState, checks: AdminChecks): void {
  const { store } = state;
  admin.post('/jobs', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    const refused = checks.jobs(body);
    if (refused) return refuse(refused);
    const vendor = body.vendor as string;
    const scenario = body.scenario as string | undefined;
    const params = body.params as Record<string, string> | undefined;
    if (typeof body.id === 'string' && store.get(vendor, body.id)) {
      return adminError(409, 'job_exists', `A ${vendor} job ${quoted(body.id)} already exists.`);
    }
    const tooMany = checks.jobsCount(body);
    if (tooMany) return refuse(tooMany);
    const options = { vendor, ...(scenario ? { scenario } : {}), ...(params ? { params } : {}) };
    if (body.count !== undefined) {
      // Many jobs at once, for load and memory tests: answers their ids only.
      const count = body.count as number;
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push(state.createJob(options).id);
      return json({ vendor, count, ids }, 201);
    }
    const job = state.createJob({ ...options, ...(typeof body.id === 'string' ? { id: body.id } : {}) });
    const s = state.summary(job, origin(c));
    return json(
      { id: s.id, vendor: s.vendor, scenario: s.scenario, statusUrl: s.statusUrl, state: s.state },
      201,
    );
  });

  admin.get('/jobs', (c) => {
    const asked = c.req.query('limit');
    const limit = asked === undefined ? 1000 : Number(asked);
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
      return adminError(
        400,
        'invalid_query',
        `"limit" must be a whole number from 1 to 10000, not ${quoted(asked ?? '')}.`,
      );
    }
    const jobs = store.list(c.req.query('vendor'));
    return json(
      { total: jobs.length, jobs: jobs.slice(0, limit).map((j) => state.summary(j, origin(c))) },
      200,
    );
  });

  admin.get('/jobs/:id', (c) => {
    const job = findJob(store, c);
    if (job instanceof Response) return job;
    const body = state.vendorOf(job.vendor).body(job, state.clock.now());
    return json({ ...state.summary(job, origin(c)), params: job.params, body }, 200);
  });

  admin.post('/jobs/:id/:action', (c) => {
    const action = c.req.param('action');
    if (action !== 'complete' && action !== 'fail' && action !== 'cancel') {
      return adminError(
        404,
        'unknown_action',
        `Unknown action ${quoted(action)}: use complete, fail or cancel.`,
      );
    }
    const job = findJob(store, c);
    if (job instanceof Response) return job;
    const done = state.end(job, action);
    if (done.ok) return json(state.summary(job, origin(c)), 200);
    if (done.why === 'refused') return adminError(409, 'not_allowed', `${capitalize(done.reason)}.`);
    const why =
      action === 'cancel'
        ? 'cannot be cancelled: the real API has no cancel'
        : `have no "${action}" control in their lifecycle file`;
    return adminError(409, 'not_supported', `${job.vendor} jobs ${why}.`);
  });
}
