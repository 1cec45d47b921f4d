import { HttpResponse, http, type RequestHandler } from 'msw';
import { createMockApp, type MockApp } from '../mock/app.js';
import { type Clock, createRealClock } from '../mock/clock.js';
import type { JobSummary } from '../mock/state.js';
import type { Registry } from '../vendors/types.js';

export interface HandlersOverOptions {
  /** Where the vendors come from (jobkit/msw: a registry over vendor bundles). */
  registry: Registry;
  /** Vendors to serve (default: every vendor of the registry with a mock section). */
  vendors?: string[];
  /** The jobs' time (default: real time; a manual clock moves only when advanced). */
  clock?: Clock;
  /** Same seed, same jobs (default 1). */
  seed?: number;
  /**
   * Only requests to this origin (e.g. `https://pinpoint.us-east-1.amazonaws.com`) are answered
   * (default: a vendor path on any origin).
   */
  baseUrl?: string;
  /** Requests kept in the mock's request log (default 0: none). */
  requestLog?: number;
}

export interface MockHandlers {
  /** One MSW handler per vendor route, for `setupServer(...handlers)` or `setupWorker(...handlers)`. */
  handlers: RequestHandler[];
  clock: Clock;
  /** The mock behind the handlers: its state, jobs and faults. */
  mock: MockApp;
  /** Creates a job directly (no request), and says where it is polled, on `baseUrl` when given. */
  createJob(vendor: string, scenario?: string): JobSummary;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * MSW request handlers answered by jobkit's mock: each vendor route's handler hands the request
 * to the mock's Hono app (`fetch`), so bodies, status codes, headers and errors are the mock's own,
 * on the given clock.
 */
export function handlersOver(options: HandlersOverOptions): MockHandlers {
  const clock = options.clock ?? createRealClock();
  const mock = createMockApp({
    registry: options.registry,
    ...(options.vendors ? { vendors: options.vendors } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.requestLog === undefined ? {} : { requestLog: options.requestLog }),
    clock,
  });
  const base = options.baseUrl?.replace(/\/+$/, '') ?? '*';
  const seen = new Set<string>();
  const handlers: RequestHandler[] = [];
  for (const route of mock.state.compiled) {
    const method = route.spec.method.toLowerCase() as Method;
    // Two vendors (or routes) on one method and path: the first handler answers, as Hono would.
    for (const path of route.honoPaths) {
      const key = `${method} ${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      handlers.push(http[method](`${base}${path}`, ({ request }) => answer(mock, request)));
    }
  }
  const origin = options.baseUrl?.replace(/\/+$/, '') ?? '';
  return {
    handlers,
    clock,
    mock,
    createJob: (vendor, scenario) =>
      mock.state.summary(
        mock.state.createJob({ vendor, ...(scenario === undefined ? {} : { scenario }) }),
        origin,
      ),
  };
}

async function answer(mock: MockApp, request: Request): Promise<Response> {
  const res = await mock.app.fetch(request);
  // MSW wants its own Response type in some environments (the worker): copy status, headers, body.
  return new HttpResponse(res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
}
