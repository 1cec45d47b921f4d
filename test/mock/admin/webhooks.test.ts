import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../../src/mock/listen.js';
import type { WebhookEvent } from '../../../src/mock/webhooks/index.js';
import { createRegistry } from '../../../src/vendors/registry.js';
import { startReceiver } from '../../helpers/webhook-receiver.js';

/** Webhook rules through the admin API, sent by a running server's own looks. */

const registry = createRegistry();
const JSON_TYPE = { 'content-type': 'application/json' };
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function start(): Promise<MockServer> {
  const server = await createMockServer({
    registry,
    seed: 4,
    clock: createManualClock(Date.UTC(2026, 0, 1)),
    webhookIntervalMs: 10,
  });
  closers.push(() => server.close());
  return server;
}

async function call(server: MockServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/__jobkit${path}`, {
    method,
    headers: JSON_TYPE,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('/__jobkit/webhooks', () => {
  it('refuses a rule the schema refuses, the failure as data', async () => {
    const server = await start();
    const reply = await call(server, 'POST', '/webhooks', { url: 'ftp://x', secret: 'k', on: ['later'] });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_webhook');
    const pointers = reply.body.issues.map((i: { pointer: string }) => i.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/url', '/on/0']));
    expect((await call(server, 'GET', '/webhooks')).body.webhooks).toEqual([]);
  });

  it('adds a rule (its secret never shown), and the server sends the job’s end, signed', async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const server = await start();
    const vendor = registry.names()[0] as string;
    const rule = { url: receiver.url, secret: 'k', vendor, on: ['end'] };
    const added = await call(server, 'POST', '/webhooks', rule);
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ url: receiver.url, vendor, on: ['end'] });

    const job = await call(server, 'POST', '/jobs', { vendor });
    expect(job.status).toBe(201);
    expect((await call(server, 'POST', '/clock', { advanceMs: 24 * 3600_000 })).status).toBe(200);
    await receiver.got(1);
    await server.webhooks.settled();

    const got = receiver.received[0] as { headers: Record<string, unknown>; body: string };
    expect(got.headers['x-jobkit-signature']).toBe(
      `sha256=${createHmac('sha256', 'k').update(got.body).digest('hex')}`,
    );
    const event = JSON.parse(got.body) as WebhookEvent;
    expect(event).toMatchObject({ type: 'job.ended', vendor, job: job.body.id });
    const listed = await call(server, 'GET', '/webhooks');
    expect(listed.body.webhooks).toEqual([added.body]);
    expect(listed.body.deliveries).toMatchObject([{ id: event.id, ok: true, attempts: 1, status: 204 }]);

    expect((await call(server, 'DELETE', '/webhooks')).status).toBe(204);
    expect((await call(server, 'GET', '/webhooks')).body.webhooks).toEqual([]);
  });
});
