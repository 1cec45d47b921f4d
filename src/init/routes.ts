import type { ResponseSpec, RouteSpec } from '../format/types.js';
import { isObject } from '../util/json.js';
import type { ApiDocument, Operation } from './document.js';
import { inferList } from './list.js';
import { headerName, pathParams, requestSchemaName, responsesOf, success, textOf } from './operation.js';
import type { Resource } from './resource.js';
import type { InferredStates } from './states.js';

export interface InferredRoutes {
  routes: RouteSpec[];
  /** Other path parameters of the status route, as job parameters with id templates. */
  params: Record<string, string>;
  hasCancel: boolean;
  /** Status codes the document declares on the job's routes. */
  codes: Set<number>;
  /** The operations used, for the error schema. */
  ops: Operation[];
  lines: string[];
  undecided: string[];
}

/** The job's routes from the document's paths: status, create, cancel and list, under its base path. */
export function inferRoutes(doc: ApiDocument, resource: Resource, states: InferredStates): InferredRoutes {
  const base = basePath(doc);
  const out: InferredRoutes = {
    routes: [],
    params: {},
    hasCancel: false,
    codes: new Set(),
    ops: [],
    lines: [],
    undecided: [],
  };
  if (base)
    out.lines.push(
      `base path ${base} (from the document's ${doc.version === 'swagger-2.0' ? 'basePath' : 'servers'})`,
    );
  const statusPath = resource.statusOp.path;
  const collection = statusPath.replace(/\/\{[^}/]+\}$/, '');
  const ops = doc.operations();
  const create =
    ops.find((o) => o.method === 'POST' && o.path === collection) ??
    (resource.lro ? operationStarter(doc, ops, resource) : undefined);
  const cancel =
    ops.find(
      (o) => o.method === 'POST' && (o.path === `${statusPath}/cancel` || o.path === `${statusPath}:cancel`),
    ) ??
    ops.find(
      (o) => o.method === 'POST' && o.path.startsWith(statusPath) && /cancel|stop|abort/i.test(o.path),
    ) ??
    ops.find(
      (o) =>
        o.method === 'DELETE' &&
        o.path === statusPath &&
        states.endings.cancelled.length > 0 &&
        !/\b(delete|remove)/.test(textOf(o)),
    );
  const list = ops.find((o) => o.method === 'GET' && o.path === collection);
  const retry = [resource.statusOp, create, cancel].some(
    (o) => o && headerName(success(doc, o), 'Retry-After'),
  );

  out.routes.push(statusRoute(doc, resource, states, base, retry));
  say(out, resource.statusOp, 'status');
  if (create) {
    out.routes.push(createRoute(doc, create, resource, base, out));
    say(out, create, 'create');
  } else {
    out.undecided.push(
      `no POST ${collection}: the mock creates jobs only through the admin API (POST /__jobkit/jobs)`,
    );
  }
  if (cancel && states.endings.cancelled.length > 0) {
    out.routes.push(cancelRoute(doc, cancel, resource, base));
    out.hasCancel = true;
    say(out, cancel, 'cancel');
  } else if (cancel)
    out.undecided.push(
      `${cancel.method} ${cancel.path} looks like a cancel, but no state reads as cancelled; not served`,
    );
  if (list) {
    const inferred = inferList(doc, list, resource, states);
    if (inferred.route) {
      out.routes.push({ ...inferred.route, path: base + list.path });
      say(out, list, 'list');
    }
    out.lines.push(...inferred.lines);
    out.undecided.push(...inferred.undecided);
  }
  for (const op of [resource.statusOp, create, cancel, list]) {
    if (!op) continue;
    out.ops.push(op);
    for (const r of responsesOf(doc, op)) if (r.code) out.codes.add(r.code);
  }
  for (const p of pathParams(statusPath).slice(0, -1)) out.params[p] = '{{lower:8}}';
  return out;
}

/**
 * An operation has no collection to create in: the method that starts the work is a POST that
 * answers the operation (an export, a batch), outside the operations' own paths.
 */
function operationStarter(doc: ApiDocument, ops: Operation[], resource: Resource): Operation | undefined {
  const status = new Set(pathParams(resource.statusOp.path));
  return ops.find(
    (o) =>
      o.method === 'POST' &&
      !o.path.startsWith(resource.statusOp.path) &&
      pathParams(o.path).every((p) => status.has(p)) &&
      success(doc, o)?.schema?.name === resource.name,
  );
}

function say(out: InferredRoutes, op: Operation, action: string): void {
  out.lines.push(`${op.method} ${op.path}: ${action}`);
}

/** The path part of the first server URL (`https://api.openai.com/v1` → `/v1`, `{endpoint}/x` → `/x`). */
function basePath(doc: ApiDocument): string {
  if (doc.version === 'swagger-2.0')
    return typeof doc.raw.basePath === 'string' && doc.raw.basePath !== '/'
      ? doc.raw.basePath.replace(/\/$/, '')
      : '';
  const servers = Array.isArray(doc.raw.servers) ? doc.raw.servers : [];
  const url = isObject(servers[0]) && typeof servers[0].url === 'string' ? servers[0].url : '';
  const path = url
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '')
    .replace(/^\{[^}]+\}/, '')
    .replace(/\/$/, '');
  return path.startsWith('/') && !path.includes('{') ? path : '';
}

function idParamOf(resource: Resource): { idParam?: string } {
  return resource.idParam === 'id' ? {} : { idParam: resource.idParam };
}

function statusRoute(
  doc: ApiDocument,
  resource: Resource,
  states: InferredStates,
  base: string,
  retry: boolean,
): RouteSpec {
  const ok = success(doc, resource.statusOp);
  const header = headerName(ok, 'Retry-After');
  const retryAfter = Object.fromEntries(
    states.names
      .filter((s) => !states.states[s]?.terminal)
      .map((s) => [s, states.states[s]?.initial ? 5 : 2]),
  );
  return {
    method: 'GET',
    path: base + resource.statusOp.path,
    action: 'status',
    ...idParamOf(resource),
    schema: resource.name,
    ...summaryOf(resource.statusOp),
    ...(ok && ok.code !== 200 ? { response: { status: ok.code } } : {}),
    ...(header ? { response: { status: ok?.code ?? 200, headers: { [header]: '{{retryAfter}}' } } } : {}),
    ...(retry ? { status: { retryAfter } } : {}),
  };
}

function summaryOf(op: Operation): { summary?: string } {
  return typeof op.op.summary === 'string' ? { summary: op.op.summary.split('\n')[0] as string } : {};
}

/** Headers a 202 answer carries: where to poll, and when. */
function jobHeaders(ok: ReturnType<typeof success>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of ['Location', 'Operation-Location', 'Content-Location']) {
    const declared = headerName(ok, name);
    if (declared) headers[declared] = '{{statusUrl}}';
  }
  const retry = headerName(ok, 'Retry-After');
  if (retry) headers[retry] = '{{retryAfter}}';
  return headers;
}

function answerOf(ok: ReturnType<typeof success>, resource: Resource, fallback: number): ResponseSpec {
  const headers = jobHeaders(ok);
  const status = ok?.code ?? fallback;
  const withHeaders = Object.keys(headers).length > 0 ? { headers } : {};
  if (!ok?.hasBody || status === 204) return { status, ...withHeaders };
  if (ok.schema?.name === resource.name) return { status, body: '{{body}}', ...withHeaders };
  // Another shape (an acknowledgement): its id-like members carry the job's id, the rest is left out.
  const body: Record<string, unknown> = {};
  for (const [name, view] of ok.schema?.properties ?? []) {
    if (/^(id|jobid|job_id|operationid|name)$/i.test(name) && view.type === 'string')
      body[name] = '{{job.id}}';
    else if (/status|state/i.test(name) && view.enum) body[name] = `{{body:${resource.field}}}`;
  }
  return { status, body, ...withHeaders };
}

function createRoute(
  doc: ApiDocument,
  op: Operation,
  resource: Resource,
  base: string,
  out: InferredRoutes,
): RouteSpec {
  const ok = success(doc, op);
  const request = requestSchemaName(doc, op);
  if (ok && ok.schema?.name !== resource.name && ok.hasBody) {
    out.undecided.push(
      `POST ${op.path} answers ${ok.schema?.name ?? 'an inline schema'}, not ${resource.name}: the mock fills its id and status members only`,
    );
  }
  return {
    method: 'POST',
    path: base + op.path,
    action: 'create',
    ...summaryOf(op),
    ...(ok?.schema?.name ? { schema: ok.schema.name } : {}),
    ...(request ? { requestSchema: request } : {}),
    create: { ...(request ? { request } : {}), response: answerOf(ok, resource, 201) },
  };
}

function cancelRoute(doc: ApiDocument, op: Operation, resource: Resource, base: string): RouteSpec {
  const ok = success(doc, op);
  return {
    method: op.method,
    path: base + op.path,
    action: 'cancel',
    ...idParamOf(resource),
    ...summaryOf(op),
    ...(ok?.schema?.name ? { schema: ok.schema.name } : {}),
    response: answerOf(ok, resource, 200),
  };
}
