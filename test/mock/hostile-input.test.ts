import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';

// The hostile inputs of issue 13 that used to answer 500 (or worse), kept as regressions.
const registry = createRegistry();
let server: MockServer;
beforeAll(async () => {
  server = await createMockServer({ registry, clock: createManualClock(), seed: 13 });
});
afterAll(async () => {
  await server.close();
});

interface AdminError {
  error: { code: string; message: string };
  issues?: { pointer: string; keyword: string }[];
}

async function adminPost(path: string, body: string) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (await res.json()) as AdminError,
  };
}

describe('admin-created ids', () => {
  const lone = JSON.stringify({ vendor: 'dakera', id: 'a\ud800b' });
  const cases: [string, string][] = [
    ['not a uuid for PostHog', JSON.stringify({ vendor: 'posthog', id: 'not-a-uuid' })],
    ['".."', JSON.stringify({ vendor: 'dakera', id: '..' })],
    ['"."', JSON.stringify({ vendor: 'weaviate', id: '.' })],
    ['a 100 KB id', JSON.stringify({ vendor: 'dakera', id: 'x'.repeat(100_000) })],
    ['a lone surrogate', lone],
    ['a control character', JSON.stringify({ vendor: 'fullstory', id: 'a\u0001b' })],
    ['an empty id', JSON.stringify({ vendor: 'fullstory', id: '' })],
  ];
  it.each(cases)('%s: 400 with issues at /id, and no job made', async (_name, body) => {
    const before = server.jobs.size;
    const reply = await adminPost('/__jobkit/jobs', body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_body');
    expect(reply.body.error.message.length).toBeLessThan(400);
    expect(reply.body.issues?.some((i) => i.pointer === '/id')).toBe(true);
    expect(server.jobs.size).toBe(before);
  });

  it('a lone surrogate leaves the job list answering', async () => {
    await adminPost('/__jobkit/jobs', lone);
    const res = await fetch(`${server.url}/__jobkit/jobs`);
    expect(res.status).toBe(200);
  });

  it('a PostHog uuid and ordinary ids are still taken', async () => {
    const uuid = '0190a3c9-aaaa-4abc-8def-0123456789ab';
    expect((await adminPost('/__jobkit/jobs', JSON.stringify({ vendor: 'posthog', id: uuid }))).status).toBe(
      201,
    );
    expect(
      (await adminPost('/__jobkit/jobs', JSON.stringify({ vendor: 'dakera', id: 'imp-€中' }))).status,
    ).toBe(201);
  });

  it('params with a lone surrogate are refused', async () => {
    const reply = await adminPost(
      '/__jobkit/jobs',
      JSON.stringify({ vendor: 'dakera', params: { a: '\udc00' } }),
    );
    expect(reply.status).toBe(400);
  });
});

describe('ids on vendor routes', () => {
  it.each([
    ['a 4 KB id', 'x'.repeat(4096)],
    ['a lone surrogate, percent-encoded', '%ED%A0%80'],
    ['a control character', '%01'],
    ['a newline', '%0A'],
  ])('%s: the vendor 404, no header echoing it', async (_name, id) => {
    const res = await fetch(`${server.url}/v1/import/${id}/status`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('x-jobkit-detail')?.length ?? 0).toBeLessThan(400);
    expect(await res.json()).toHaveProperty('error');
  });

  it("a create naming a bad id in its body is the vendor's bad_request (Weaviate's 422)", async () => {
    for (const id of ['..', 'a\ud800', 'y'.repeat(300)]) {
      const res = await fetch(`${server.url}/v1/export/filesystem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id }),
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toHaveProperty('error');
    }
  });
});
