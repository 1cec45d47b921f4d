import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookEvent } from '../../src/mock/webhooks/index.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli } from '../helpers/cli.js';
import { type Served, startServe } from '../helpers/serve.js';
import { startReceiver } from '../helpers/webhook-receiver.js';

/** `jobkit serve --timestamps` and `--webhook`, as a user runs them. */

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('jobkit serve --timestamps and --webhook', () => {
  it.each([
    [['--timestamps', 'later'], /--timestamps must be virtual or wall, not "later"/],
    [['--webhook', 'http://127.0.0.1:9/x'], /--webhook needs a secret .*JOBKIT_WEBHOOK_SECRET/],
    [['--webhook', 'file:///x', '--webhook-secret', 'k'], /--webhook must be an http\(s\) URL/],
  ])('refuses %j as a usage error', async (args, message) => {
    const run = await cli(['serve', '--port', '0', '--no-demo', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('sends a signed event to the --webhook URL when a job changes state', async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const served: Served = await startServe([
      '--clock',
      'manual',
      '--no-demo',
      '--timestamps',
      'wall',
      '--webhook',
      receiver.url,
      '--webhook-secret',
      'k',
    ]);
    closers.push(served.stop);
    const vendor = createRegistry().names()[0] as string;
    const res = await fetch(`${served.origin}/__jobkit/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await receiver.got(1);
    const got = receiver.received[0] as { headers: Record<string, unknown>; body: string };
    expect(got.headers['x-jobkit-signature']).toBe(
      `sha256=${createHmac('sha256', 'k').update(got.body).digest('hex')}`,
    );
    expect(JSON.parse(got.body) as WebhookEvent).toMatchObject({ vendor, job: id, previous: null });
  });
});
