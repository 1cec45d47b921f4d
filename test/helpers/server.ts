import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { afterAll, beforeAll } from 'vitest';
import { createMockApp, type MockAppOptions } from '../../src/mock/app.js';
import type { MockEnv } from '../../src/mock/body.js';
import { createRealClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer, type MockServerOptions } from '../../src/mock/listen.js';
import type { MockState } from '../../src/mock/state.js';
import type { StatusAnswers } from '../../src/mock/status.js';
import { createRegistry } from '../../src/vendors/registry.js';

/** Starts a Hono app on 127.0.0.1 and a free port; `close` must be called (afterAll). */
export async function listen(app: Hono): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The mock's state with its app beside it, for tests that call `app.request` in process. */
export type TestMock = MockState & { app: Hono<MockEnv>; state: MockState; status: StatusAnswers };
export type TestMockOptions = MockAppOptions;

export function mockApp(options: MockAppOptions): TestMock {
  const { app, state, status } = createMockApp(options);
  return { ...state, app, state, status };
}

/** Runs `run` against a mock server on 127.0.0.1 and a free port, stopped afterwards whatever happens. */
export async function withMockServer(
  options: MockServerOptions,
  run: (origin: string) => Promise<void>,
): Promise<void> {
  const server = await createMockServer({ port: 0, host: '127.0.0.1', ...options });
  try {
    await run(server.url);
  } finally {
    await server.close();
  }
}

/**
 * A mock for FullStory's Node SDK, for the whole file: started before its tests with a sped-up
 * clock, with FS_API_HOST pointing at it (the SDK reads it at init when NODE_ENV is test), and
 * stopped after them with FS_API_HOST as it was. Read the server through the getter.
 */
export function fullStorySdkMock(seed: number): () => MockServer {
  let server: MockServer | undefined;
  let previousHost: string | undefined;
  beforeAll(async () => {
    server = await createMockServer({
      registry: createRegistry(),
      seed,
      clock: createRealClock({ speed: 40 }),
    });
    previousHost = process.env.FS_API_HOST;
    process.env.FS_API_HOST = server.url;
  });
  afterAll(async () => {
    if (previousHost === undefined) delete process.env.FS_API_HOST;
    else process.env.FS_API_HOST = previousHost;
    await server?.close();
  });
  return () => server as MockServer;
}
