import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { JobkitError } from '../errors.js';
import { createMockApp, type MockApp, type MockAppOptions } from './app.js';
import type { MockEnv } from './body.js';
import type { Clock } from './clock.js';
import { Drain } from './drain.js';
import type { Faults } from './faults.js';
import { createGrpcHealthServer } from './grpc-health.js';
import { bindHost, closedReason, isLoopbackHost, ownOrigins } from './host.js';
import { fastEntryReader, logRequest, recording } from './log-request.js';
import { type Answer, pathOf } from './respond.js';
import type { MockState } from './state.js';
import type { ResolvedStatus, StatusAnswers } from './status.js';
import type { JobStore } from './store.js';
import type { Webhooks } from './webhooks/index.js';

export interface MockServerOptions extends MockAppOptions {
  /** Address to bind (default 127.0.0.1; an empty one is refused, not read as every interface). */
  host?: string;
  /**
   * Open the admin API on a bind beyond loopback with no `admin.token` (default false: it answers
   * 403 there, since anyone on the network could reset the mock or inject faults).
   */
  unsafeAdmin?: boolean;
  /** Port to listen on (default 0: a free one). */
  port?: number;
  /** Status GETs answered straight on node:http (default true); false sends everything through Hono. */
  fastPath?: boolean;
  /** How long `close` lets requests in flight finish before cutting them (default 5000 ms). */
  graceMs?: number;
  /** How often webhook rules look for jobs that changed, in real ms (default 250). */
  webhookIntervalMs?: number;
  /**
   * Also serve the gRPC health service (grpc.health.v1.Health/Check → SERVING) on this port of the
   * same host (0: a free one), for clients that check it before their first REST call (the
   * Weaviate clients' default connect). Absent: no gRPC port.
   */
  grpcPort?: number;
}

export interface MockServer {
  /** http://host:port, no trailing slash. */
  url: string;
  /** Whether the bound address is reachable only from this machine. */
  loopback: boolean;
  /** Why the admin API is closed (a bind beyond loopback with no token), when it is. */
  adminClosed?: string;
  /** The gRPC health service's host:port, when `grpcPort` was given. */
  grpcAddress?: string;
  /** Stops gracefully: `shutdown()` with the server's grace period. */
  close(): Promise<void>;
  /**
   * Stops accepting, lets requests in flight finish (injected delays included) for up to
   * `graceMs` (default: the server's), then closes every connection. Resolves with how many
   * requests were cut; a later call with 0 cuts them at once.
   */
  shutdown(graceMs?: number): Promise<number>;
  /** Requests begun and not yet answered. */
  readonly inFlight: number;
  clock: Clock;
  jobs: JobStore;
  faults: Faults;
  state: MockState;
  app: Hono<MockEnv>;
  /** The status answers both transports send. */
  status: StatusAnswers;
  /** Webhook rules and deliveries (looked at on an interval while the server runs). */
  webhooks: Webhooks;
  /**
   * Serves a mock made from these options in place of the current one, on the same socket and
   * clock (`jobkit serve --watch`). The jobs whose vendor and scenario the new mock serves move
   * over; the rest, and the old faults and scenario rules, are dropped. Requests in flight finish
   * on the old mock.
   */
  reload(options: MockAppOptions): { kept: number; dropped: number };
}

/**
 * The mock as a node:http request listener. Status GETs (what clients poll, over and over) are
 * answered by the same StatusAnswers the Hono app's status action uses, written straight to the
 * socket; everything else, and everything while faults are set, goes through Hono.
 */
export function createRequestListener(mock: MockApp, options: { fastPath?: boolean } = {}): RequestListener {
  const hono = getRequestListener(mock.app.fetch);
  if (options.fastPath === false) return hono;
  const read = fastEntryReader(mock);
  // The request being answered, for the origin thunk: one function for every request (the fast
  // path answers synchronously, so it always names the request in hand).
  let current: IncomingMessage | undefined;
  const origin = () => originOf(current as IncomingMessage);
  return (req: IncomingMessage, res: ServerResponse) => {
    const hit = req.method === 'GET' && req.url !== undefined ? fastHit(mock, req.url) : undefined;
    if (!hit) {
      void hono(req, res);
      return;
    }
    const logged = recording(mock);
    const start = logged ? performance.now() : 0;
    // One reading of the mock's clock: the answer is rendered at it, and the log says it.
    const time = mock.state.clock.now();
    current = req;
    let answer = mock.status.answerResolved(hit, origin, time);
    current = undefined;
    if (mock.cors) {
      answer = { ...answer, headers: { ...answer.headers } };
      mock.cors.apply(answer.headers, req.headers.origin);
    }
    // A status GET takes no body: one sent with it is left unread, and the connection closed.
    const unread = req.headers['content-length'] ?? req.headers['transfer-encoding'];
    res.writeHead(
      answer.status,
      unread === undefined || unread === '0' ? answer.headers : { ...answer.headers, connection: 'close' },
    );
    res.end(answer.body ?? undefined);
    if (logged) logFast(mock, hit.path, answer, time, start, read);
  };
}

/**
 * The status path a GET of this URL (a path and query) names when the fast path may answer it:
 * undefined when Hono must (not a status path, faults are set and must apply, or the vendor's
 * requests pass a credential check or rate limit).
 */
function fastHit(mock: Pick<MockApp, 'state' | 'status'>, url: string): ResolvedStatus | undefined {
  if (mock.state.faults.size > 0) return undefined;
  const hit = mock.status.resolve(pathOf(url));
  return hit && !hit.viaHono ? hit : undefined;
}

/** What the fast path sends for a GET of this URL, or undefined when Hono must answer (fastHit). */
export function fastAnswer(
  mock: Pick<MockApp, 'state' | 'status'>,
  url: string,
  origin?: () => string,
): Answer | undefined {
  const hit = fastHit(mock, url);
  return hit ? mock.status.answerResolved(hit, origin) : undefined;
}

function logFast(
  mock: MockApp,
  path: string,
  answer: Answer,
  time: number,
  start: number,
  read: ReturnType<typeof fastEntryReader>,
): void {
  const latencyMs = performance.now() - start;
  const { retryAfter } = answer;
  if (!mock.log) {
    mock.state.requests.addFast(
      path,
      answer.status,
      time,
      Date.now() - latencyMs,
      latencyMs,
      retryAfter,
      read,
    );
    return;
  }
  const wallTime = Date.now() - latencyMs;
  logRequest(mock, { method: 'GET', path, status: answer.status, time, wallTime, latencyMs, retryAfter });
}

/** The origin Hono reads from the same request (@hono/node-server: the scheme and Host, as a URL). */
function originOf(req: IncomingMessage): string {
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  try {
    return new URL(`${scheme}://${req.headers.host ?? 'localhost'}`).origin;
  } catch {
    return `${scheme}://localhost`;
  }
}

/** Listens on node:http (what `jobkit serve` runs); `close` stops it gracefully. */
export async function createMockServer(options: MockServerOptions): Promise<MockServer> {
  const host = bindHost(options.host);
  const closed = closedReason(host, {
    ...(options.admin?.token === undefined ? {} : { token: options.admin.token }),
    ...(options.unsafeAdmin ? { unsafe: true } : {}),
  });
  const build = (from: MockAppOptions) =>
    createMockApp({ ...from, admin: { ...from.admin, ...(closed === undefined ? {} : { closed }) } });
  const listenerOf = (m: MockApp) =>
    createRequestListener(m, options.fastPath === false ? { fastPath: false } : {});
  let mock = build(options);
  let listener = listenerOf(mock);
  const port = options.port ?? 0;
  const drain = new Drain();
  const server = createServer(
    { keepAliveTimeout: 65_000 },
    drain.wrap((req, res) => listener(req, res)),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new JobkitError(
              'usage',
              `Port ${port} on ${host} is in use. Pass --port with a free port (or 0 to pick one).`,
            )
          : new JobkitError('usage', `Cannot listen on ${host}:${port}: ${error.message}.`),
      );
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const origins = [url, ...ownOrigins(host, address.port)];
  mock.admin.allowOrigins(origins);
  const grpc =
    options.grpcPort === undefined
      ? undefined
      : await createGrpcHealthServer({ host, port: options.grpcPort }).catch(async (error: unknown) => {
          await new Promise((resolve) => server.close(resolve));
          throw error;
        });
  mock.webhooks.start(options.webhookIntervalMs ?? 250);
  const shutdown = async (graceMs = options.graceMs ?? 5000) => {
    mock.webhooks.stop();
    const [cut] = await Promise.all([drain.close(server, graceMs, () => mock.stop()), grpc?.close()]);
    return cut;
  };
  const reload = (next: MockAppOptions) => {
    const fresh = build({ ...next, clock: mock.state.clock });
    fresh.admin.allowOrigins(origins);
    const moved = moveJobs(mock.state, fresh.state);
    mock.webhooks.stop();
    // What the old mock's rules already sent is not sent again.
    fresh.webhooks.continueFrom(mock.webhooks);
    mock = fresh;
    listener = listenerOf(fresh);
    mock.webhooks.start(options.webhookIntervalMs ?? 250);
    return moved;
  };
  return {
    url,
    loopback: isLoopbackHost(host),
    ...(closed === undefined ? {} : { adminClosed: closed }),
    ...(grpc ? { grpcAddress: grpc.address } : {}),
    close: () => shutdown().then(() => undefined),
    shutdown,
    get inFlight() {
      return drain.inFlight;
    },
    get clock() {
      return mock.state.clock;
    },
    get jobs() {
      return mock.state.store;
    },
    get faults() {
      return mock.state.faults;
    },
    get state() {
      return mock.state;
    },
    get app() {
      return mock.app;
    },
    get status() {
      return mock.status;
    },
    get webhooks() {
      return mock.webhooks;
    },
    reload,
  };
}

/** The jobs of `from` that `to` can serve (their vendor and scenario), oldest first, into `to`. */
function moveJobs(from: MockState, to: MockState): { kept: number; dropped: number } {
  let kept = 0;
  let dropped = 0;
  // Jobs not yet visible (a backfill's later runs) move too, and stay held in the new store.
  for (const job of [...from.store.list().reverse(), ...from.store.heldJobs()]) {
    if (to.vendors.get(job.vendor)?.scenarioList.includes(job.scenario)) {
      to.addJob(job);
      kept++;
    } else dropped++;
  }
  return { kept, dropped };
}
