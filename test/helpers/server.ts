import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { createMockApp, type MockAppOptions } from '../../src/mock/app.js';
import type { MockEnv } from '../../src/mock/body.js';
import type { MockState } from '../../src/mock/state.js';
import type { StatusAnswers } from '../../src/mock/status.js';

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
