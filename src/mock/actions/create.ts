import type { Job } from '../../lifecycle/engine.js';
import { own } from '../../util/json.js';
import { getAt } from '../../util/pointer.js';
import { jsonOf } from '../body.js';
import { bodyRefusal, emptyBodyRefusal, notJsonRefusal } from '../body-issues.js';
import { bindHooks, hookKinds, type RefuseContext } from '../hooks.js';
import { idProblem } from '../ids.js';
import { jobHeadersNow } from '../job-headers.js';
import { creationScenario } from '../pick-scenario.js';
import { notFoundAnswer, json as send, toResponse, vendorErrorResponse } from '../respond.js';
import { fill } from '../template.js';
import type { CreateSpec, ErrorKindName } from '../types.js';
import { findJob } from './find.js';
import { type Action, type ActionRequest, headersPart, json, schemaOr } from './types.js';

/** Stands in for a path parameter the example job does not hold. */
const EXAMPLE_PARAM = '0190a3c9-aaaa-4abc-8def-0123456789ab';

/** The request, checked: its body and the id it names, or the refusal to answer with. */
function checked(
  { c, route, params, state }: ActionRequest,
  spec: CreateSpec,
): { request: unknown; id: string | undefined } | Response {
  const text = c.get('bodyText');
  const read = jsonOf(text);
  if (!read.ok) {
    const r = read.refusal;
    if (r.why === 'too-deep')
      return vendorErrorResponse(route, 'bad_request', `JSON nests deeper than ${r.limit} levels.`);
    if (r.why === 'not-json') return notJsonRefusal(route, text ?? '', r);
    return vendorErrorResponse(route, 'bad_request', 'JSON parse error ');
  }
  const request = read.value;
  if (spec.request && /^[ \t\r\n]*$/.test(text ?? '')) {
    const refused = emptyBodyRefusal(route);
    if (refused) return refused;
  }
  if (spec.requireJob && !findJob(state, route, params)) return toResponse(notFoundAnswer(route, params));
  if (spec.request) {
    const result = route.vendor.vendor.validate(request ?? null, spec.request);
    if (!result.valid) return bodyRefusal(route, result.issues);
  }
  for (const hook of route.hooks) {
    const refused = hook.check?.(request, state.clock.now());
    if (refused !== undefined) return vendorErrorResponse(route, 'bad_request', refused);
  }
  const id = spec.idFrom ? getAt(request, spec.idFrom) : undefined;
  if (spec.idFrom && (typeof id !== 'string' || id === '')) {
    return vendorErrorResponse(
      route,
      'bad_request',
      `Invalid request body: ${spec.idFrom} must be a non-empty string.`,
    );
  }
  const problem = typeof id === 'string' ? idProblem(id) : undefined;
  if (problem !== undefined) {
    return vendorErrorResponse(route, 'bad_request', `Invalid request body: ${spec.idFrom} ${problem}.`);
  }
  const existing = typeof id === 'string' ? state.store.get(route.vendor.name, id) : undefined;
  if (existing) {
    // The existing job's body fills a conflict message that quotes it (Weaviate's home path).
    const body = route.vendor.body(existing, state.clock.now());
    return vendorErrorResponse(route, 'conflict', `"${id}" already exists.`, undefined, { id, body });
  }
  return { request, id: id as string | undefined };
}

/** The parameters every job of this creation shares: path, request fields, batch ids. */
function sharedParams({ route, params, state }: ActionRequest, spec: CreateSpec, request: unknown) {
  const out: Record<string, string> = {};
  const aliases = route.spec.paramAliases ?? {};
  for (const [name, value] of Object.entries(params)) out[own(aliases, name) ?? name] = value;
  for (const [name, pointer] of Object.entries(spec.paramsFrom ?? {})) {
    const value = getAt(request, pointer);
    if (Array.isArray(value) && value.length > 0) out[name] = value.map(String).join(',');
    else if (typeof value === 'string' || typeof value === 'number') out[name] = String(value);
  }
  for (const [name, template] of Object.entries(spec.batchParams ?? {}))
    out[name] = state.batchParam(template);
  return out;
}

/** The path parameters as job parameters, and the vendor's jobs, held ones included. */
function refuseContext({ route, params, state }: ActionRequest): RefuseContext {
  const aliases = route.spec.paramAliases ?? {};
  const named: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) named[own(aliases, name) ?? name] = value;
  const vendor = route.vendor.name;
  return {
    params: named,
    *jobs() {
      yield* state.store.newest(vendor);
      for (const job of state.store.heldJobs()) if (job.vendor === vendor) yield job;
    },
  };
}

function makeJobs(
  req: ActionRequest,
  spec: CreateSpec,
  scenario: string,
  request: unknown,
  id: string | undefined,
): Job[] {
  const { route, state } = req;
  const shared = sharedParams(req, spec, request);
  const plan = route.hooks.map((h) => h.jobs?.(request)).find((p) => p !== undefined);
  const count = plan?.count ?? spec.count ?? 1;
  let now = state.clock.now();
  const jobs: Job[] = [];
  for (let i = 0; i < count; i++) {
    // In turn, a job is created when the one before it finishes: after one that never does, none.
    const before = jobs[i - 1];
    if (plan?.inTurn && before) now = before.finishesAt;
    if (!Number.isFinite(now)) break;
    const job = route.vendor.createJob({
      scenario,
      now,
      params: plan ? { ...shared, ...plan.params(i) } : { ...shared },
      ...(request === undefined ? {} : { request }),
      ...(i === 0 && id !== undefined ? { id } : {}),
    });
    state.addJob(job);
    jobs.push(job);
  }
  for (const hook of route.hooks) hook.created?.(jobs);
  return jobs;
}

function respond(req: ActionRequest, spec: CreateSpec, jobs: Job[], request: unknown, now: number): Response {
  const { route } = req;
  const first = jobs[0] as Job;
  const respondAs = route.hooks.find((h) => h.respond);
  const body = respondAs?.respond
    ? respondAs.respond(route.vendor, first, now)
    : route.vendor.body(first, now);
  const values = (name: string): unknown => {
    if (name === 'body') return body;
    if (name.startsWith('body:')) return getAt(body, name.slice(5));
    if (name.startsWith('request:')) return getAt(request, name.slice(8));
    if (name.startsWith('param.')) return first.params[name.slice(6)];
    if (name === 'job.id') return first.id;
    if (name === 'now') return new Date(now).toISOString();
    if (name === 'count') return jobs.length;
    return undefined;
  };
  const headers = route.jobHeaders
    ? jobHeadersNow(
        route.jobHeaders,
        {
          job: first,
          now,
          body: () => body,
          state: () => route.vendor.snapshot(first, now).state,
          extra: (name) => (name === 'count' || name.startsWith('request:') ? values(name) : undefined),
        },
        req,
      )
    : undefined;
  return send(fill(spec.response.body, values), spec.response.status, headers);
}

/** A vendor's create: checks the request, makes one job or several, answers as the vendor does. */
export const create: Action = {
  handle(req) {
    const { route, state } = req;
    const spec = route.spec.create;
    if (!spec) return vendorErrorResponse(route, 'server_error');
    const ok = checked(req, spec);
    if (ok instanceof Response) return ok;
    const vendor = route.vendor;
    const asked = creationScenario(req.c, route, state, false);
    const scenario = asked.scenario;
    if (!vendor.scenarioList.includes(scenario)) {
      const where = asked.from === 'query' ? '?scenario=' : 'X-Jobkit-Scenario';
      return vendorErrorResponse(
        route,
        'bad_request',
        `Unknown jobkit scenario "${scenario}" (${where}). Scenarios: ${vendor.scenarioList.join(', ')}.`,
      );
    }
    // A scenario standing for a server that refuses the whole API (Weaviate with export disabled).
    const refusal = own(vendor.spec.scenarios, scenario)?.refuse;
    if (refusal) return vendorErrorResponse(route, refusal.kind as ErrorKindName, refusal.message);
    const alive = (job: Job) => state.store.get(job.vendor, job.id) === job;
    const context = refuseContext(req);
    for (const hook of route.hooks) {
      const refused = hook.refuse?.(route.vendor, state.clock.now(), alive, context);
      if (refused !== undefined) return vendorErrorResponse(route, hook.refuseAs ?? 'conflict', refused);
    }
    // The creation goes ahead: only now does a rule with a budget spend one.
    if (asked.from === 'rule') creationScenario(req.c, route, state, true);
    const jobs = makeJobs(req, spec, scenario, ok.request, ok.id);
    return respond(req, spec, jobs, ok.request, state.clock.now());
  },

  describe(d) {
    const spec = d.route.create as CreateSpec;
    const job = d.examples.job();
    const respondAs = bindHooks(spec.hooks).find((h) => h.respond)?.respond;
    const body = respondAs ? respondAs(d.vendor, job, job.createdAt) : d.vendor.body(job, job.createdAt);
    const exampleValue = (n: string): unknown => {
      if (n === 'body') return body;
      if (n.startsWith('body:')) return getAt(body, n.slice(5));
      if (n.startsWith('param.')) return job.params[n.slice(6)] ?? EXAMPLE_PARAM;
      if (n === 'job.id') return job.id;
      if (n === 'now') return new Date(job.createdAt).toISOString();
      if (n === 'count') return 1;
      return undefined;
    };
    const example = fill(spec.response.body, exampleValue);
    const optionKinds: ErrorKindName[] = [
      ...(spec.idFrom ? ['conflict' as const] : []),
      ...hookKinds(spec.hooks),
    ];
    if (spec.requireJob) optionKinds.push('not_found');
    return {
      responses: {
        [String(spec.response.status)]: {
          description: 'Created',
          ...headersPart(d, job, job.createdAt, body, exampleValue),
          ...(example === undefined ? {} : { content: json(schemaOr(d, d.route.schema), example) }),
        },
      },
      kinds: [
        'bad_request',
        'invalid_json',
        ...(spec.request ? ['invalid_body' as const] : []),
        'payload_too_large',
      ],
      optionKinds,
    };
  },
};
