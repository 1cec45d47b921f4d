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
        body: JSON.stringify({ id, file_format: 'parquet' }),
      });
      expect(res.status).toBe(422);
      expect(await res.json()).toHaveProperty('error');
    }
  });
});

describe('deeply nested JSON', () => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  it.each([10_000, 100_000])('%i levels on the admin API: 400 invalid_json', async (n) => {
    for (const path of ['/__jobkit/jobs', '/__jobkit/faults', '/__jobkit/clock', '/__jobkit/reset']) {
      const reply = await adminPost(path, deep(n));
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('invalid_json');
    }
  });

  it('on a create route: the vendor bad_request', async () => {
    const body = `{"id":${deep(20_000)}}`;
    const res = await fetch(`${server.url}/v1/export/filesystem`, { method: 'POST', body });
    expect(res.status).toBe(422);
    expect(await res.json()).toHaveProperty('error');
  });

  it('64 levels inside strings do not count', async () => {
    const reply = await adminPost(
      '/__jobkit/jobs',
      JSON.stringify({ vendor: 'dakera', scenario: deep(100) }),
    );
    expect(reply.body.error.code).toBe('unknown_scenario');
  });
});

describe('bodies on routes that take none', () => {
  /** Sends headers declaring `size` bytes, then writes until the server answers; the bytes written. */
  async function sendHuge(path: string, method: string, size = 256 * 1024 * 1024) {
    const { hostname, port } = new URL(server.url);
    const { connect } = await import('node:net');
    return new Promise<{ head: string; written: number }>((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let written = 0;
      let head = '';
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (written < size && head === '' && socket.writable) {
          written += chunk.length;
          if (!socket.write(chunk)) return;
        }
      };
      socket.on('connect', () => {
        socket.write(`${method} ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`);
        pump();
      });
      socket.on('drain', pump);
      socket.on('data', (d) => {
        head += d.toString('latin1');
      });
      socket.on('error', () => undefined);
      socket.on('close', () => (head ? resolve({ head, written }) : reject(new Error('no answer'))));
      setTimeout(() => socket.destroy(), 10_000).unref();
    });
  }

  it.each([
    ['an unknown route', 'POST', '/nowhere'],
    ['a status GET (fast path)', 'GET', '/v1/import/nope/status'],
    ['an admin GET', 'GET', '/__jobkit/jobs'],
    ['a GET-only route, posted to', 'POST', '/v1/import/nope/status'],
  ])('%s: answered without reading 256 MiB, then closed', async (_name, method, path) => {
    const { head, written } = await sendHuge(path, method);
    expect(head).toMatch(/^HTTP\/1\.1 [2-4]\d\d /);
    expect(head.toLowerCase()).toContain('connection: close');
    expect(written).toBeLessThan(128 * 1024 * 1024);
  });
});
