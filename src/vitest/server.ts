import { type Clock, createManualClock } from '../mock/clock.js';
import { createMockServer, type MockServer } from '../mock/listen.js';
import type { LoggedRequest } from '../mock/request-log.js';
import type { JobSummary } from '../mock/state.js';
import { defaultRegistry } from '../vendors/default.js';
import type { Registry } from '../vendors/registry.js';

export interface StartMockServerOptions {
  /** Vendors to serve (default: every vendor of the registry with a mock section). */
  vendors?: string[];
  /** Where the vendors come from (default: the built-ins and JOBKIT_VENDORS). */
  registry?: Registry;
  /** The mock's time (default: a manual clock, moved only by `advance`). */
  clock?: Clock;
  /** Same seed, same jobs (default 1). */
  seed?: number;
  /** Requests kept for `requests()`, the newest (default 1000). */
  requestLog?: number;
}

export interface TestMockServer {
  /** http://127.0.0.1:port, no trailing slash. */
  url: string;
  /** Creates a job as the admin API would, and says where to poll it (`statusUrl`). */
  createJob(vendor: string, scenario?: string): JobSummary;
  /** Moves the mock's clock on: a manual clock's jobs progress only by this. */
  advance(ms: number): void;
  /** The requests answered so far, oldest first: what `toPollPolitely` reads. */
  requests(): LoggedRequest[];
  close(): Promise<void>;
  clock: Clock;
  /** The server itself, for what the helper does not cover (faults, the store). */
  server: MockServer;
}

/**
 * A mock server for one test file: a free port on 127.0.0.1, a manual clock, a request log.
 * Close it in `afterAll`; `close` ends at once, cutting requests still in flight.
 */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<TestMockServer> {
  const clock = options.clock ?? createManualClock();
  const server = await createMockServer({
    registry: options.registry ?? defaultRegistry(),
    ...(options.vendors ? { vendors: options.vendors } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    clock,
    host: '127.0.0.1',
    port: 0,
    requestLog: options.requestLog ?? 1000,
    graceMs: 0,
  });
  const { state } = server;
  return {
    url: server.url,
    createJob: (vendor, scenario) =>
      state.summary(state.createJob({ vendor, ...(scenario === undefined ? {} : { scenario }) }), server.url),
    advance: (ms) => clock.advance(ms),
    requests: () => state.requests.entries(),
    close: () => server.close(),
    clock,
    server,
  };
}
