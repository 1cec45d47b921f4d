import { type Context, Hono } from 'hono';
import type { Job } from '../../lifecycle/engine.js';
import { isObject } from '../../util/json.js';
import { jsonOf, type MockEnv, readBody } from '../body.js';
import type { Fault } from '../faults.js';
import { json } from '../respond.js';
import type { MockState } from '../state.js';
import { type AdminRefusal, adminChecks, TOO_FAR } from './schemas.js';

export interface AdminOptions {
  state: MockState;
  maxBodyBytes: number;
}

type C = Context<MockEnv>;

/** The largest time a JavaScript Date holds. */
const MAX_DATE_MS = 8.64e15;

function refuse(r: AdminRefusal): Response {
  const { status, code, message, issues } = r;
  return json({ error: { code, message }, ...(issues ? { issues } : {}) }, status);
}

const adminError = (status: number, code: string, message: string) => refuse({ status, code, message });

/** The admin API takes a JSON object; an empty body is an empty one. */
function objectBody(c: C): Record<string, unknown> | Response {
  const read = jsonOf(c.get('bodyText'));
  if (!read.ok) {
    const r = read.refusal;
    const where = r.why === 'not-json' ? `line ${r.line} column ${r.column}: ${r.reason}` : '';
    return adminError(400, 'invalid_json', `Body is not JSON: ${where}.`);
  }
  if (read.value === undefined) return {};
  if (!isObject(read.value)) return adminError(400, 'invalid_body', 'Body must be a JSON object.');
  return read.value;
}

const origin = (c: C) => new URL(c.req.url).origin;

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** jobkit's own API under /__jobkit: jobs, their endings, the clock, reset and faults. */
export function createAdmin({ state, maxBodyBytes }: AdminOptions): Hono<MockEnv> {
  const admin = new Hono<MockEnv>();
  const checks = adminChecks(state);
  const { store, vendors } = state;

  admin.use(
    '*',
    readBody(maxBodyBytes, () =>
      adminError(413, 'payload_too_large', `Body is too large: the limit is ${maxBodyBytes} bytes.`),
    ),
  );

  const findJob = (c: C): Job | Response => {
    const id = c.req.param('id') ?? '';
    const vendor = c.req.query('vendor');
    const matches = vendor
      ? [store.get(vendor, id)].filter((j): j is Job => j !== undefined)
      : store.findById(id);
    if (matches.length === 0)
      return adminError(404, 'job_not_found', `No job "${id}"${vendor ? ` for vendor ${vendor}` : ''}.`);
    if (matches.length > 1) {
      const which = matches.map((j) => j.vendor).join(', ');
      return adminError(409, 'ambiguous_id', `Several vendors have a job "${id}" (${which}); add ?vendor=.`);
    }
    return matches[0] as Job;
  };

  admin.get('/', () =>
    json(
      {
        jobkit: true,
        clock: state.clockInfo(),
        jobs: store.size,
        vendors: [...vendors.values()].map((mv) => ({
          name: mv.name,
          title: mv.vendor.title,
          scenarios: Object.fromEntries(
            Object.entries(mv.spec.scenarios).map(([k, s]) => [k, s.description]),
          ),
          routes: state.routes.filter((r) => r.vendor === mv.name).map((r) => `${r.method} ${r.path}`),
        })),
      },
      200,
    ),
  );

  admin.post('/jobs', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    const refused = checks.jobs(body);
    if (refused) return refuse(refused);
    const vendor = body.vendor as string;
    const scenario = body.scenario as string | undefined;
    const params = body.params as Record<string, string> | undefined;
    if (typeof body.id === 'string' && store.get(vendor, body.id)) {
      return adminError(409, 'job_exists', `A ${vendor} job "${body.id}" already exists.`);
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
        `"limit" must be a whole number from 1 to 10000, not "${asked}".`,
      );
    }
    const jobs = store.list(c.req.query('vendor'));
    return json(
      { total: jobs.length, jobs: jobs.slice(0, limit).map((j) => state.summary(j, origin(c))) },
      200,
    );
  });

  admin.get('/jobs/:id', (c) => {
    const job = findJob(c);
    if (job instanceof Response) return job;
    const body = state.vendorOf(job.vendor).body(job, state.clock.now());
    return json({ ...state.summary(job, origin(c)), params: job.params, body }, 200);
  });

  admin.post('/jobs/:id/:action', (c) => {
    const action = c.req.param('action');
    if (action !== 'complete' && action !== 'fail' && action !== 'cancel') {
      return adminError(404, 'unknown_action', `Unknown action "${action}": use complete, fail or cancel.`);
    }
    const job = findJob(c);
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

  admin.get('/clock', () => json(state.clockInfo(), 200));
  admin.post('/clock', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    const refused = checks.clock(body);
    if (refused) return refuse(refused);
    const ms = body.advanceMs as number;
    if (state.clock.now() + ms > MAX_DATE_MS) return adminError(400, 'invalid_body', TOO_FAR);
    state.clock.advance(ms);
    return json(state.clockInfo(), 200);
  });

  admin.post('/reset', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    state.reset({ demo: body.demo === true });
    return json({ jobs: store.size }, 200);
  });

  admin.get('/faults', () => json({ faults: state.faults.list() }, 200));
  admin.post('/faults', (c) => {
    const body = objectBody(c);
    if (body instanceof Response) return body;
    const refused = checks.fault(body);
    if (refused) return refuse(refused);
    return json(state.faults.add(body as Omit<Fault, 'id'>), 201);
  });
  admin.delete('/faults', () => {
    state.faults.clear();
    return json(undefined, 204);
  });
  admin.delete('/faults/:id', (c) =>
    state.faults.remove(c.req.param('id'))
      ? json(undefined, 204)
      : adminError(404, 'fault_not_found', `No fault "${c.req.param('id')}".`),
  );
  return admin;
}
