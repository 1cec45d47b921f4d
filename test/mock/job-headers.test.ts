import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSequence } from '../../src/contract/check-sequence.js';
import { JobkitError } from '../../src/errors.js';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { buildOpenApi } from '../../src/openapi/export.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { tempTree, useTempTrees } from '../helpers/fixtures.js';
import { RELAY_STEPS, relayVendorFiles } from '../helpers/relay-vendor.js';
import { mockApp } from '../helpers/server.js';

const tree = tempTree(relayVendorFiles());
afterAll(() => tree.cleanup());
const tempDir = useTempTrees();

const START = Date.UTC(2026, 0, 1);
const registry = createRegistry({ roots: [tree.dir] });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A poll's headers and body, from either transport. */
interface Poll {
  status: number;
  headers: Headers;
  body: { id: string; state: string };
}

async function read(res: Response): Promise<Poll> {
  return { status: res.status, headers: res.headers, body: (await res.json()) as Poll['body'] };
}

/** Create, then poll queued → running → done; the status polls' answers and bodies, in order. */
async function playOne(
  send: (path: string, init?: RequestInit) => Response | Promise<Response>,
  clock: { advance(ms: number): void },
): Promise<{ created: Poll; polls: Poll[] }> {
  const created = await read(await send('/relay/operations', { method: 'POST' }));
  const path = `/relay/operations/${created.body.id}`;
  const polls: Poll[] = [await read(await send(path))];
  clock.advance(RELAY_STEPS.queuedMs + 10);
  polls.push(await read(await send(path)));
  clock.advance(RELAY_STEPS.runningMs);
  polls.push(await read(await send(path)));
  return { created, polls };
}

function expectJobHeaders({ created, polls }: { created: Poll; polls: Poll[] }, origin: string): void {
  const { id } = created.body;
  expect(created.status).toBe(202);
  expect(created.headers.get('location')).toBe(`/relay/operations/${id}`);
  expect(created.headers.get('operation-location')).toBe(`${origin}/relay/operations/${id}`);
  expect(created.headers.get('retry-after')).toBe('5');
  expect(polls.map((p) => p.body.state)).toEqual(['queued', 'running', 'done']);
  expect(polls.map((p) => p.headers.get('retry-after'))).toEqual(['5', '2', null]);
  expect(polls.map((p) => p.headers.get('x-relay-state'))).toEqual(['queued', 'running', 'done']);
  for (const poll of polls) {
    // One request id per answer, shared by api.headers and the route's own headers.
    const requestId = poll.headers.get('x-relay-request') as string;
    expect(requestId).toMatch(UUID);
    expect(poll.headers.get('x-relay-echo')).toBe(`r-${requestId}`);
    expect(poll.headers.get('content-location')).toBe(`${origin}/relay/operations/${id}`);
  }
  expect(polls[0]?.headers.get('x-relay-request')).not.toBe(polls[1]?.headers.get('x-relay-request'));
}

describe('response headers templated with the job', () => {
  it('in process: 202 with Location and Retry-After, Retry-After while running and none when terminal', async () => {
    const clock = createManualClock(START);
    const mock = mockApp({ registry, vendors: ['relay'], seed: 3, clock });
    const played = await playOne((path, init) => mock.app.request(path, init), clock);
    // app.request's origin is http://localhost.
    expectJobHeaders(played, 'http://localhost');
    // The mock's bodies are a sequence the contract runner finds clean.
    const result = checkSequence(
      registry.get('relay'),
      played.polls.map((p) => p.body),
    );
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('the runner catches a sequence the mock would never serve (done, then running again)', async () => {
    const clock = createManualClock(START);
    const mock = mockApp({ registry, vendors: ['relay'], seed: 3, clock });
    const { polls } = await playOne((path, init) => mock.app.request(path, init), clock);
    const bodies = [...polls.map((p) => p.body), polls[1]?.body];
    const result = checkSequence(registry.get('relay'), bodies);
    expect(result.ok).toBe(false);
  });

  it('cancel answers with the job status URL under the request origin', async () => {
    const mock = mockApp({ registry, vendors: ['relay'], seed: 3, clock: createManualClock(START) });
    const created = (await (await mock.app.request('/relay/operations', { method: 'POST' })).json()) as {
      id: string;
    };
    const cancelled = await mock.app.request(
      `http://jobs.example:8080/relay/operations/${created.id}/cancel`,
      {
        method: 'POST',
      },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.headers.get('operation-location')).toBe(
      `http://jobs.example:8080/relay/operations/${created.id}`,
    );
    expect(cancelled.headers.get('x-relay-request')).toMatch(UUID);
  });

  describe('through both transports, on real listeners', () => {
    let fast: MockServer;
    let hono: MockServer;
    beforeAll(async () => {
      const options = { registry, vendors: ['relay'], seed: 3 };
      fast = await createMockServer({ ...options, clock: createManualClock(START) });
      hono = await createMockServer({ ...options, clock: createManualClock(START), fastPath: false });
    });
    afterAll(async () => {
      await fast.close();
      await hono.close();
    });

    it('both send the same job headers, and the fast path answers the polls itself', async () => {
      const viaFast = await playOne((path, init) => fetch(`${fast.url}${path}`, init), fast.clock);
      const viaHono = await playOne((path, init) => fetch(`${hono.url}${path}`, init), hono.clock);
      expectJobHeaders(viaFast, fast.url);
      expectJobHeaders(viaHono, hono.url);
      const shape = (p: Poll) => ({
        status: p.status,
        retryAfter: p.headers.get('retry-after'),
        state: p.headers.get('x-relay-state'),
        expose: p.headers.get('access-control-expose-headers'),
        length: p.headers.get('content-length'),
      });
      expect(viaFast.polls.map(shape)).toEqual(viaHono.polls.map(shape));
      const path = `/relay/operations/${viaFast.created.body.id}`;
      const answer = fast.status.answer(path, () => fast.url);
      expect(answer?.headers['X-Relay-State']).toBe('done');
    });

    it("CORS exposes the vendor's declared headers on every answer", async () => {
      const created = await fetch(`${fast.url}/relay/operations`, { method: 'POST' });
      const { id } = (await created.json()) as { id: string };
      const answers = [
        created,
        await fetch(`${fast.url}/relay/operations/${id}`),
        await fetch(`${hono.url}/relay/operations/${id}`),
        await fetch(`${fast.url}/relay/operations/nope`),
        await fetch(`${hono.url}/relay/operations/nope`),
      ];
      for (const res of answers) {
        const exposed = (res.headers.get('access-control-expose-headers') ?? '').split(',');
        for (const name of [
          'Retry-After',
          'Location',
          'Operation-Location',
          'X-Relay-State',
          'x-relay-request',
        ])
          expect(exposed, `${res.url} ${res.status}`).toContain(name);
      }
    });
  });

  it('the OpenAPI export documents the headers on the responses', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test walks an untyped OpenAPI document.
    const doc = buildOpenApi({ registry, vendors: ['relay'] }) as any;
    const create = doc.paths['/relay/operations'].post.responses['202'];
    expect(Object.keys(create.headers)).toEqual(['Location', 'Operation-Location', 'Retry-After']);
    expect(create.headers['Operation-Location'].example).toMatch(
      /^http:\/\/127\.0\.0\.1:4010\/relay\/operations\/op-[0-9a-f]{8}$/,
    );
    const status = doc.paths['/relay/operations/{id}'].get.responses['200'];
    expect(Object.keys(status.headers)).toEqual([
      'Retry-After',
      'X-Relay-State',
      'X-Relay-Echo',
      'Content-Location',
    ]);
    expect(doc.paths['/relay/operations/{id}/cancel'].post.responses['200'].headers).toHaveProperty(
      'Operation-Location',
    );
  });
});

describe('the loader refuses job headers it could not send', () => {
  const base = relayVendorFiles();
  const lifecycle = base['mocks/relay/lifecycle.json'] as { api: { routes: Record<string, unknown>[] } };

  function loadError(routes: Record<string, unknown>[]): JobkitError {
    const files = {
      ...base,
      'mocks/relay/lifecycle.json': { ...lifecycle, api: { ...lifecycle.api, routes } },
    };
    try {
      createRegistry({ roots: [tempDir(files)], builtins: false }).get('relay');
    } catch (error) {
      expect(error).toBeInstanceOf(JobkitError);
      return error as JobkitError;
    }
    throw new Error('expected the vendor to fail loading');
  }

  const routes = lifecycle.api.routes;
  const withStatus = (change: Record<string, unknown>) =>
    routes.map((r) => (r.action === 'status' ? { ...r, ...change } : r));

  it('a Retry-After for a terminal state', () => {
    const error = loadError(withStatus({ status: { retryAfter: { running: 2, done: 1 } } }));
    expect(error.message).toContain('"done" is terminal');
    expect(error.pointer).toBe('/api/routes/1/status/retryAfter/done');
  });

  it('a Retry-After for a state that is not declared', () => {
    const error = loadError(withStatus({ status: { retryAfter: { waiting: 2 } } }));
    expect(error.pointer).toBe('/api/routes/1/status/retryAfter/waiting');
  });

  it('a placeholder the headers cannot fill', () => {
    const error = loadError(
      withStatus({ response: { status: 200, headers: { 'Retry-After': '{{retry}}' } } }),
    );
    expect(error.message).toContain('{{retry}} is not a header placeholder');
    expect(error.pointer).toBe('/api/routes/1/response/headers/Retry-After');
  });

  it('a status section on a route that is not a status route', () => {
    const error = loadError(
      routes.map((r) => (r.action === 'cancel' ? { ...r, status: { retryAfter: { running: 1 } } } : r)),
    );
    expect(error.pointer).toBe('/api/routes/2/status');
  });
});
