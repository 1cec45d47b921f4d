import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid } from '../helpers/http.js';
import { fullStorySdkMock } from '../helpers/server.js';

/**
 * FullStory's v2 batch events import jobs driven by FullStory's own Node SDK (events.batchCreate):
 * it creates the job, polls it, and reads its imports or, for a failed job, its errors. The SDK
 * reads FS_API_HOST only when NODE_ENV is test (vitest's default), at init.
 */

const VENDOR = 'fullstory-events-batch';
const headers = { authorization: 'Basic dummy-api-key', 'content-type': 'application/json' };

const EVENTS = [
  {
    user: { uid: 'u-1' },
    session: { use_most_recent: true },
    name: 'Support Ticket',
    timestamp: '2026-01-01T10:00:00Z',
    properties: { priority: 'Normal' },
  },
  {
    user: { uid: 'u-2', id: '4242424242' },
    name: 'Checkout',
    context: { browser: { url: 'https://x.test/' } },
  },
  { name: 'Anonymous ping' },
];

type Imported = {
  name: string;
  user?: { id?: string; uid?: string };
  session?: { id?: string };
  [key: string]: unknown;
};

const mock = fullStorySdkMock(14);

async function runWithSdk(body: { requests: typeof EVENTS; shared?: object }) {
  expect(process.env.NODE_ENV).toBe('test');
  const { init } = await import('@fullstory/server-api-client');
  const job = init({ apiKey: 'dummy-api-key' }).events.batchCreate(
    { body },
    { pollInterval: 20, maxRetry: 1 },
  );
  const done = new Promise<{ imported: unknown[]; failed: unknown[] }>((resolve, reject) => {
    job.on('done', (imported, failed) => resolve({ imported, failed }));
    job.on('abort', (errors) => reject(errors[0] ?? new Error('aborted')));
  });
  job.execute();
  return { job, ...(await done) };
}

describe('FullStory batch events import, with @fullstory/server-api-client', () => {
  it('creates a job, polls it to COMPLETED and reads the events with their FullStory ids', async () => {
    const { job, imported, failed } = await runWithSdk({ requests: EVENTS });
    expect(job.getId()).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(job.getStatus()).toBe('COMPLETED');
    expect(failed).toEqual([]);
    const events = imported as Imported[];
    expect(events.map((e) => e.name)).toEqual(['Support Ticket', 'Checkout', 'Anonymous ping']);
    const [first, second, third] = events as [Imported, Imported, Imported];
    // A FullStory id for the user, the client's own id kept, and no user for an event sent without one.
    expect(first.user).toEqual({ id: expect.stringMatching(/^[1-9]\d{15}$/), uid: 'u-1' });
    expect(second.user).toEqual({ id: '4242424242', uid: 'u-2' });
    expect(third.user).toBeUndefined();
    // A session id only for the event sent with a session; use_most_recent is not echoed.
    expect(first.session).toEqual({ id: expect.stringMatching(/^[1-9]\d{18}$/) });
    expect(second.session).toBeUndefined();
    expect(first.timestamp).toBe('2026-01-01T10:00:00Z');
    expect(first.properties).toEqual({ priority: 'Normal' });
    expect(second.context).toEqual({ browser: { url: 'https://x.test/' } });
    const page = await (
      await fetch(`${mock().url}/v2/events/batch/${job.getId()}/imports`, { headers })
    ).json();
    expectValid(VENDOR, page, 'GetBatchEventsImportsResponse');
    expect((page as { results: unknown }).results).toEqual(imported);
  });

  it('reads a failed job’s errors: every event as sent, with its message and code', async () => {
    mock().state.scenarios.add({ vendor: VENDOR, scenario: 'failure', times: 1 });
    const shared = { context: { mobile: { app_id: 'com.example' } } };
    const { job, imported, failed } = await runWithSdk({ requests: EVENTS, shared });
    expect(job.getStatus()).toBe('FAILED');
    expect(imported).toEqual([]);
    expect(failed).toEqual(
      EVENTS.map((event) => ({
        message: 'time stamp out of range',
        code: 'event_validation_failed',
        event,
        shared,
      })),
    );
    const page = await (
      await fetch(`${mock().url}/v2/events/batch/${job.getId()}/errors`, { headers })
    ).json();
    expectValid(VENDOR, page, 'GetBatchEventsImportErrorsResponse');
    expect((page as { total_records: string }).total_records).toBe('3');
  });
});

describe('FullStory batch events import, over HTTP', () => {
  async function importsOnce(seed: number): Promise<unknown> {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const mock = await createMockServer({ registry: createRegistry(), seed, clock });
    try {
      const res = await fetch(`${mock.url}/v2/events/batch`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ requests: EVENTS }),
      });
      expect(res.status).toBe(200);
      const created = (await res.json()) as { job: { id: string } };
      expectValid(VENDOR, created, 'CreateBatchEventsImportJobResponse');
      const id = created.job.id;
      expect((await fetch(`${mock.url}/v2/events/batch/${id}/imports`, { headers })).status).toBe(202);
      expect((await fetch(`${mock.url}/v2/events/batch/${id}/errors`, { headers })).status).toBe(202);
      clock.advance(60_000);
      const status = await (await fetch(`${mock.url}/v2/events/batch/${id}`, { headers })).json();
      expectValid(VENDOR, status);
      expect(status).toMatchObject({ job: { status: 'COMPLETED' }, imports: 3, errors: 0 });
      const errors = await fetch(`${mock.url}/v2/events/batch/${id}/errors`, { headers });
      expect(await errors.json()).toEqual({ total_records: '0' });
      const first = await (await fetch(`${mock.url}/v2/events/batch/${id}/imports`, { headers })).json();
      const again = await (await fetch(`${mock.url}/v2/events/batch/${id}/imports`, { headers })).json();
      expect(again).toEqual(first);
      return first;
    } finally {
      await mock.close();
    }
  }

  it('gives the same FullStory ids for the same job and seed, and others for another seed', async () => {
    const a = await importsOnce(7);
    expect(await importsOnce(7)).toEqual(a);
    const other = (await importsOnce(8)) as { results: Imported[] };
    expect(other.results[0]?.user?.id).not.toBe((a as { results: Imported[] }).results[0]?.user?.id);
  });

  it('answers an unknown job and a body without event names in the v2 {message, code} shape', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const mock = await createMockServer({ registry: createRegistry(), seed: 1, clock });
    try {
      const missing = await fetch(`${mock.url}/v2/events/batch/nope/imports`, { headers });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({
        message: 'Requested resource does not exist',
        code: 'resource_not_found',
      });
      const bad = await fetch(`${mock.url}/v2/events/batch`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ requests: [{ user: { uid: 'x' } }] }),
      });
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { code: string };
      expectValid(VENDOR, body, 'ErrorResponse');
      expect(body.code).toBe('invalid_argument');
    } finally {
      await mock.close();
    }
  });
});
