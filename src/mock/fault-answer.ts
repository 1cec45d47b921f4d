import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { ServedRoute } from './actions/index.js';
import { DEFAULT_STALL_MS, type Fault, type FaultRequest, type TransportFault } from './faults.js';
import { creationScenario } from './pick-scenario.js';
import type { AppliedFault } from './request-log.js';
import { JSON_ANSWER_HEADERS, toResponse, vendorErrorAnswer } from './respond.js';
import type { MockState } from './state.js';
import type { ErrorKindName } from './types.js';

/** What @hono/node-server passes as the env: the request and response it is serving. */
interface NodeBindings {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

/** Tells @hono/node-server the answer was written (or withheld) here; a fresh one per answer. */
const alreadySent = () => new Response(null, { headers: { 'x-hono-already-sent': 'true' } });

function nodeOf(c: Context): NodeBindings | undefined {
  const env = c.env as Partial<NodeBindings> | undefined;
  return env?.incoming && env.outgoing ? (env as NodeBindings) : undefined;
}

/** The request as faults see it: vendor, route, job id and (looked up on demand) its scenario. */
export function faultRequest(c: Context, state: MockState, r: ServedRoute, params: Record<string, string>) {
  const jobId = params[r.spec.idParam ?? 'id'];
  const scenario = () => {
    if (r.spec.action === 'create') return creationScenario(c, r, state, false).scenario;
    return jobId === undefined ? undefined : state.store.get(r.vendor.name, jobId)?.scenario;
  };
  const request: FaultRequest = {
    vendor: r.vendor.name,
    method: r.spec.method,
    path: r.spec.path,
    jobId,
    scenario,
  };
  return request;
}

/**
 * A vendor route's answer with the faults in scope applied: their latency first, then the hit
 * fault's error, or what it does to the connection; `run` is the route's own answer.
 */
export async function faulted(
  c: Context,
  state: MockState,
  r: ServedRoute,
  params: Record<string, string>,
  run: () => Promise<Response>,
  stopped?: AbortSignal,
): Promise<Response> {
  const { delayMs, hit } = state.faults.decide(faultRequest(c, state, r, params));
  const applied = appliedFault(delayMs, hit);
  if (applied) c.set('fault', applied);
  if (delayMs > 0) await delay(delayMs, stopped);
  if (!hit) return run();
  if (hit.fault === undefined) return errorResponse(r, hit);
  if (hit.fault === 'truncated_json') return truncated(await run());
  if (hit.fault === 'stall') return stalled(nodeOf(c), await run(), hit.stallMs ?? DEFAULT_STALL_MS);
  return broken(nodeOf(c), hit.fault);
}

/** What the request log says the faults did (nothing when they did nothing). */
function appliedFault(delayMs: number, hit: Fault | undefined): AppliedFault | undefined {
  if (delayMs <= 0 && !hit) return undefined;
  const out: AppliedFault = delayMs > 0 ? { delayMs } : {};
  if (hit) {
    out.id = hit.id;
    out.outcome =
      hit.fault ?? (hit.status === undefined ? (hit.error ?? 'status 503') : `status ${hit.status}`);
  }
  return out;
}

/** The error kind whose body a bare status wears. */
function kindFor(status: number): ErrorKindName {
  if (status >= 500) return 'server_error';
  const kinds: Record<number, ErrorKindName> = {
    404: 'not_found',
    409: 'conflict',
    413: 'payload_too_large',
    422: 'unsupported',
    429: 'too_many_requests',
  };
  return kinds[status] ?? 'bad_request';
}

/** An error in the vendor's shape; 429 and 5xx say when to retry (1 s unless the fault says). */
function errorResponse(r: ServedRoute, f: Fault): Response {
  const kind = f.error ?? kindFor(f.status ?? 503);
  const late = f.retryAfter ?? f.retryAfterS;
  const a = vendorErrorAnswer(
    r,
    kind,
    `jobkit fault ${f.id}: injected ${f.error ?? f.status ?? 503}`,
    {},
    typeof late === 'string' ? {} : { retryAfter: late ?? 1 },
  );
  const status = f.status ?? (f.error === undefined ? 503 : a.status);
  const retry = late ?? (status === 429 || status >= 500 ? 1 : undefined);
  const headers = retry === undefined ? a.headers : { ...a.headers, 'Retry-After': String(retry) };
  return toResponse({ ...a, status, headers });
}

/** The route's own answer with its JSON cut in half: well-formed HTTP, a body no parser takes. */
async function truncated(res: Response): Promise<Response> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
  const headers = new Headers(res.headers);
  headers.set('content-length', String(cut.length));
  return new Response(cut, { status: res.status, headers });
}

/** A body that fails when read, for an in-process caller (there is no socket to act on). */
function failingBody(why: string, afterMs = 0): ReadableStream<Uint8Array> {
  let timer: NodeJS.Timeout | undefined;
  return new ReadableStream({
    start(controller) {
      timer = setTimeout(() => controller.error(new Error(`jobkit fault: ${why}`)), afterMs);
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}

/**
 * The route's own status and headers, then nothing: the connection closes after `ms`, or
 * sooner when the client gives up (its close clears the timer, so no timer outlives it).
 */
async function stalled(node: NodeBindings | undefined, res: Response, ms: number): Promise<Response> {
  await res.body?.cancel();
  if (!node) return new Response(failingBody('stall', ms), { status: res.status, headers: res.headers });
  const { outgoing } = node;
  outgoing.writeHead(res.status, Object.fromEntries(res.headers));
  outgoing.flushHeaders();
  const timer = setTimeout(() => outgoing.destroy(), ms);
  outgoing.once('close', () => clearTimeout(timer));
  return alreadySent();
}

/** Chunked framing that breaks after the first chunk: a chunk size that is not hexadecimal. */
const MALFORMED = new TextEncoder().encode(
  'HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=UTF-8\r\naccess-control-allow-origin: *\r\n' +
    'transfer-encoding: chunked\r\nconnection: close\r\n\r\n5\r\n{"sta\r\nzz\r\nnot a chunk\r\n',
);

/** A connection reset, a close without an answer, or a malformed chunk, straight on the socket. */
function broken(node: NodeBindings | undefined, fault: TransportFault): Response {
  if (!node) return new Response(failingBody(fault), { status: 200, headers: { ...JSON_ANSWER_HEADERS } });
  const socket = node.incoming.socket;
  if (fault === 'connection_reset') socket.resetAndDestroy();
  else if (fault === 'malformed_chunk') socket.end(MALFORMED);
  else socket.destroy();
  return alreadySent();
}

/** A wait that ends early, without an error, once `stopped` aborts (its timer then holds no process open). */
function delay(ms: number, stopped?: AbortSignal): Promise<void> {
  if (stopped?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stopped?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stopped?.addEventListener('abort', done, { once: true });
  });
}
