import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../../src/mock/listen.js';
import { createRegistry } from '../../../src/vendors/registry.js';
import { mockApp, type TestMockOptions } from '../../helpers/server.js';

/** Who may use the admin API: a token, JSON for what changes state, and allowed origins. */

const registry = createRegistry();
const JSON_TYPE = { 'content-type': 'application/json' };
const PAGE = 'https://evil.example';

function make(extra: Partial<TestMockOptions> = {}) {
  const mock = mockApp({ registry, seed: 2, clock: createManualClock(Date.UTC(2026, 0, 1)), ...extra });
  mock.createJob({ vendor: 'dakera' });
  return mock;
}

async function send(
  mock: ReturnType<typeof make>,
  method: string,
  path: string,
  headers = {},
  body?: string,
) {
  const res = await mock.app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

describe('the admin token', () => {
  const mock = make({ admin: { token: 's3cret' } });

  it.each([
    ['no Authorization', {}],
    ['a wrong token', { authorization: 'Bearer nope' }],
    ['a Basic header', { authorization: 'Basic czNjcmV0' }],
    ['the token without Bearer', { authorization: 's3cret' }],
  ])('%s is 401 in the admin shape, on reads too', async (_what, headers) => {
    const reply = await send(mock, 'GET', '/__jobkit/jobs', headers);
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('unauthorized');
    expect(reply.body.error.message).toMatch(/--admin-token/);
    expect(reply.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(reply.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('the right token opens it; vendor routes never need it', async () => {
    const auth = { authorization: 'Bearer s3cret' };
    expect((await send(mock, 'GET', '/__jobkit/jobs', auth)).status).toBe(200);
    const reset = await send(mock, 'POST', '/__jobkit/reset', { ...auth, ...JSON_TYPE }, '{}');
    expect(reset).toMatchObject({ status: 200, body: { jobs: 0 } });
    expect((await send(mock, 'GET', '/v1/import/nothing/status')).status).toBe(404);
  });
});

describe('requests that change state', () => {
  it.each([
    ['text/plain (no preflight from a page)', { 'content-type': 'text/plain' }],
    ['form data', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['no Content-Type', {}],
  ])('with %s are refused with 415 and change nothing', async (_what, headers) => {
    const mock = make();
    const reply = await send(mock, 'POST', '/__jobkit/reset', headers, '{}');
    expect(reply.status).toBe(415);
    expect(reply.body.error.code).toBe('unsupported_media_type');
    expect(mock.store.size).toBe(1);
  });

  it('application/json with a charset is JSON', async () => {
    const mock = make();
    const headers = { 'content-type': 'Application/JSON; charset=utf-8' };
    expect((await send(mock, 'POST', '/__jobkit/reset', headers, '{}')).status).toBe(200);
    expect(mock.store.size).toBe(0);
  });

  it.each([
    ['POST', '/__jobkit/reset'],
    ['DELETE', '/__jobkit/faults'],
  ])('%s %s from a page of another origin is 403 and changes nothing', async (method, path) => {
    const mock = make();
    mock.faults.add({ latencyMs: 1 });
    const reply = await send(mock, method, path, { ...JSON_TYPE, origin: PAGE }, '{}');
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('origin_not_allowed');
    expect(mock.store.size).toBe(1);
    expect(mock.faults.size).toBe(1);
  });

  it('an allowed origin may; any origin may read', async () => {
    const mock = make({ admin: { origins: ['http://panel.test:3000'] } });
    const panel = { ...JSON_TYPE, origin: 'http://panel.test:3000' };
    expect((await send(mock, 'POST', '/__jobkit/reset', panel, '{}')).status).toBe(200);
    expect((await send(mock, 'GET', '/__jobkit/jobs', { origin: PAGE })).status).toBe(200);
    expect((await send(mock, 'POST', '/__jobkit/reset', { ...JSON_TYPE, origin: 'null' }, '{}')).status).toBe(
      403,
    );
  });

  it('a closed admin API refuses everything with its reason', async () => {
    const mock = make({ admin: { closed: 'closed for the test' } });
    const reply = await send(mock, 'GET', '/__jobkit');
    expect(reply).toMatchObject({
      status: 403,
      body: { error: { code: 'admin_closed', message: 'closed for the test' } },
    });
  });
});

describe('createMockServer', () => {
  let server: MockServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("allows pages of its own origin (where the control panel lives), not a rebound name's", async () => {
    server = await createMockServer({ registry, clock: createManualClock(0), port: 0 });
    const { port } = new URL(server.url);
    expect(server.loopback).toBe(true);
    expect(server.adminClosed).toBeUndefined();
    const post = (origin: string) =>
      fetch(`${server?.url}/__jobkit/reset`, {
        method: 'POST',
        headers: { ...JSON_TYPE, origin },
        body: '{}',
      });
    expect((await post(`http://127.0.0.1:${port}`)).status).toBe(200);
    expect((await post(`http://localhost:${port}`)).status).toBe(200);
    // A DNS-rebinding page names its own host, on the mock's port.
    expect((await post(`http://rebound.example:${port}`)).status).toBe(403);
  });

  it('refuses an empty host instead of binding every interface', async () => {
    await expect(createMockServer({ registry, host: '', port: 0 })).rejects.toMatchObject({ code: 'usage' });
    await expect(createMockServer({ registry, host: '  ', port: 0 })).rejects.toMatchObject({
      code: 'usage',
    });
  });
});
