import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid } from '../helpers/http.js';
import { fullStorySdkMock } from '../helpers/server.js';

/**
 * FullStory's v2 batch user import jobs driven by FullStory's own Node SDK, as shipped: it creates
 * the job, polls it and reads its imports. The SDK reads FS_API_HOST only when NODE_ENV is test
 * (vitest's default), at init. A sped-up clock plays a few seconds of PROCESSING in milliseconds.
 */

const mock = fullStorySdkMock(14);

async function sdk() {
  expect(process.env.NODE_ENV).toBe('test');
  const { init } = await import('@fullstory/server-api-client');
  return init({ apiKey: 'dummy-api-key' });
}

describe('FullStory batch user import, with @fullstory/server-api-client', () => {
  it('creates a job, polls it to COMPLETED and reads the imported users', async () => {
    const fs = await sdk();
    const users = [
      { uid: 'u-1', display_name: 'Ada', email: 'ada@example.com' },
      { uid: 'u-2', properties: { plan: 'pro' } },
      { uid: 'u-3' },
    ];
    const job = fs.users.batchCreate({ body: { requests: users } }, { pollInterval: 20, maxRetry: 1 });
    const statuses: string[] = [];
    const done = new Promise<{ imported: unknown[]; failed: unknown[] }>((resolve, reject) => {
      job.on('processing', (j) => statuses.push(String(j.getStatus())));
      job.on('done', (imported, failed) => resolve({ imported, failed }));
      job.on('abort', (errors) => reject(errors[0] ?? new Error('aborted')));
    });
    job.execute();
    const { imported, failed } = await done;
    expect(job.getId()).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(job.getStatus()).toBe('COMPLETED');
    expect(statuses.every((s) => s === 'PROCESSING')).toBe(true);
    expect(imported.map((u) => (u as { uid: string }).uid)).toEqual(['u-1', 'u-2', 'u-3']);
    expect(failed).toEqual([]);
    expect(job.errors).toEqual([]);
    expect(job.metadata?.finished).toEqual(expect.any(String));
    // Each imported user carries the id FullStory gave it (BatchUserImportResponse.id is required).
    for (const user of imported as { id: string }[]) expect(user.id).toMatch(/^[1-9]\d{15}$/);
    expect(new Set((imported as { id: string }[]).map((u) => u.id)).size).toBe(3);
  });

  it('reads a failed job’s errors: each user as sent, with a message and code', async () => {
    mock().state.scenarios.add({ vendor: 'fullstory-users-batch', scenario: 'failure', times: 1 });
    const fs = await sdk();
    const users = [
      { uid: 'u-1', email: 'ada@example.com' },
      { uid: 'u-2', id: '987654321' },
    ];
    const job = fs.users.batchCreate({ body: { requests: users } }, { pollInterval: 20, maxRetry: 1 });
    const done = new Promise<{ imported: unknown[]; failed: unknown[] }>((resolve, reject) => {
      job.on('done', (imported, failed) => resolve({ imported, failed }));
      job.on('abort', (errors) => reject(errors[0] ?? new Error('aborted')));
    });
    job.execute();
    const { imported, failed } = await done;
    expect(job.getStatus()).toBe('FAILED');
    expect(imported).toEqual([]);
    expect(failed).toEqual(
      users.map((user) => ({
        message: 'user properties failed validation',
        code: 'user_validation_failed',
        user,
      })),
    );
    const page = await (await fetch(`${mock().url}/v2/users/batch/${job.getId()}/errors`)).json();
    expectValid('fullstory-users-batch', page, 'GetBatchUserImportErrorsResponse');
  });
});

describe('FullStory batch user import, over HTTP', () => {
  const headers = { authorization: 'Basic dummy-api-key', 'content-type': 'application/json' };
  // A manual clock: the 202s are read before the job can finish, however slow the machine.
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  let server: MockServer;
  beforeAll(async () => {
    server = await createMockServer({ registry: createRegistry(), seed: 14, clock });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 202 on imports and errors while the job processes, then 200 with the counts as strings', async () => {
    const res = await fetch(`${server.url}/v2/users/batch`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ requests: [{ uid: 'a' }, { uid: 'b' }] }),
    });
    expect(res.status).toBe(200);
    const created = (await res.json()) as { job: { id: string; status: string } };
    expectValid('fullstory-users-batch', created, 'CreateBatchUserImportJobResponse');
    expect(created.job.status).toBe('PROCESSING');
    const id = created.job.id;
    const early = await fetch(`${server.url}/v2/users/batch/${id}/imports`, { headers });
    expect(early.status).toBe(202);
    expect((await fetch(`${server.url}/v2/users/batch/${id}/errors`, { headers })).status).toBe(202);
    let status: { job: { status: string; finished?: string }; imports: number; errors: number };
    for (;;) {
      status = (await (
        await fetch(`${server.url}/v2/users/batch/${id}`, { headers })
      ).json()) as typeof status;
      expectValid('fullstory-users-batch', status);
      if (status.job.status !== 'PROCESSING') break;
      expect(status.job.finished).toBeUndefined();
      clock.advance(1000);
    }
    expect(status.job.status).toBe('COMPLETED');
    expect(status.imports).toBe(2);
    expect(status.errors).toBe(0);
    const imports = (await (
      await fetch(`${server.url}/v2/users/batch/${id}/imports`, { headers })
    ).json()) as {
      total_records: string;
    };
    expectValid('fullstory-users-batch', imports, 'GetBatchUserImportsResponse');
    expect(imports.total_records).toBe('2');
    const errors = await fetch(`${server.url}/v2/users/batch/${id}/errors`, { headers });
    expect(errors.status).toBe(200);
    expect(await errors.json()).toEqual({ total_records: '0' });
  });

  it('answers an unknown job and a body without requests in the v2 {message, code} shape', async () => {
    for (const path of [
      '/v2/users/batch/nope',
      '/v2/users/batch/nope/imports',
      '/v2/users/batch/nope/errors',
    ]) {
      const res = await fetch(`${server.url}${path}`, { headers });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        message: 'Requested resource does not exist',
        code: 'resource_not_found',
      });
    }
    const bad = await fetch(`${server.url}/v2/users/batch`, { method: 'POST', headers, body: '{}' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { message: string; code: string };
    expectValid('fullstory-users-batch', body, 'ErrorResponse');
    expect(body.code).toBe('invalid_argument');
  });
});
