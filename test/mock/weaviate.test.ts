import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import type { HttpMethod } from '../../src/mock/types.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { type Reply, readReply } from '../helpers/http.js';
import { mockApp, type TestMock } from '../helpers/server.js';

/**
 * Weaviate's error paths and probes against its own code (weaviate/weaviate @adcffc5,
 * usecases/export and adapters/handlers/rest): go-swagger's {code, message} for framework
 * validation, the handlers' {error: [{message}]} for the rest.
 */

const T0 = Date.UTC(2026, 0, 1);
const DONE = 10 * 60_000;
const REQUEST = { id: 'exp-1', file_format: 'parquet' };

function makeServer(): TestMock {
  return mockApp({ registry: createRegistry(), seed: 7, clock: createManualClock(T0) });
}

async function call<T = Record<string, unknown>>(
  server: TestMock,
  method: HttpMethod,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { ...headers, 'content-type': 'application/json' };
  }
  return readReply<T>(await server.app.request(path, init));
}

type Handler = { error: { message: string }[] };
type Framework = { code: number; message: string };

describe('Weaviate framework validation of the create body', () => {
  it.each([
    ['no id', { file_format: 'parquet' }, 602, 'id in body is required'],
    ['no file_format', { id: 'x' }, 602, 'file_format in body is required'],
    [
      'another file_format',
      { id: 'x', file_format: 'csv' },
      606,
      'file_format in body should be one of [parquet]',
    ],
  ])('answers 422 {code, message} for %s', async (_what, body, code, message) => {
    const server = makeServer();
    const reply = await call<Framework>(server, 'POST', '/v1/export/filesystem', body);
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({ code, message });
    expect(server.store.size).toBe(0);
  });

  it('answers an id of the wrong type with go-swagger 400: the body cannot be decoded (weaviate/weaviate#3616)', async () => {
    const server = makeServer();
    const reply = await call<Framework>(server, 'POST', '/v1/export/filesystem', {
      id: 7,
      file_format: 'parquet',
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      code: 400,
      message:
        'parsing body body from "" failed, because json: cannot unmarshal number into Go struct field ExportCreateRequest.id of type string',
    });
    expect(server.store.size).toBe(0);
  });

  it('answers a bad export id in the handler shape, as validateExportID words it', async () => {
    const reply = await call<Handler>(makeServer(), 'POST', '/v1/export/filesystem', {
      id: 'Bad Id',
      file_format: 'parquet',
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error[0]?.message).toBe(
      "export validation error: invalid export id: 'Bad Id' allowed characters are lowercase, 0-9, _, -",
    );
  });
});

describe('Weaviate export ids on GET and DELETE', () => {
  it.each<HttpMethod>(['GET', 'DELETE'])(
    '%s with an invalid id is 422 "invalid export id"',
    async (method) => {
      const reply = await call<Handler>(makeServer(), method, '/v1/export/filesystem/NOT_VALID');
      expect(reply.status).toBe(422);
      expect(reply.body).toEqual({
        error: [
          {
            message:
              "export validation error: invalid export id: 'NOT_VALID' allowed characters are lowercase, 0-9, _, -",
          },
        ],
      });
    },
  );

  it('a GET with an id past 128 characters is 422 "export id too long"', async () => {
    const reply = await call<Handler>(makeServer(), 'GET', `/v1/export/filesystem/${'a'.repeat(129)}`);
    expect(reply.status).toBe(422);
    expect(reply.body.error[0]?.message).toBe(
      'export validation error: export id too long: 129 characters, max 128',
    );
  });

  it('a valid unknown id stays 404', async () => {
    expect((await call(makeServer(), 'GET', '/v1/export/filesystem/no-such')).status).toBe(404);
  });
});

describe('Weaviate include and exclude', () => {
  it('exports every class but the excluded ones', async () => {
    const reply = await call<{ classes: string[] }>(makeServer(), 'POST', '/v1/export/filesystem', {
      ...REQUEST,
      exclude: ['Author', 'Category'],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.classes).toEqual(['Article', 'Publication']);
  });

  it('refuses include with exclude: 422 "cannot specify both"', async () => {
    const server = makeServer();
    const reply = await call<Handler>(server, 'POST', '/v1/export/filesystem', {
      ...REQUEST,
      include: ['Article'],
      exclude: ['Author'],
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error[0]?.message).toBe(
      "export validation error: resolve classes: cannot specify both 'include' and 'exclude'",
    );
    expect(server.store.size).toBe(0);
  });

  it('takes an empty exclude beside include as no exclude', async () => {
    const reply = await call(makeServer(), 'POST', '/v1/export/filesystem', {
      ...REQUEST,
      include: ['Article'],
      exclude: [],
    });
    expect(reply.status).toBe(200);
  });
});

describe('Weaviate terminal bodies', () => {
  it('a cancelled export has no shardStatus', async () => {
    const server = makeServer();
    await call(server, 'POST', '/v1/export/filesystem', REQUEST);
    server.clock.advance(2_000);
    const running = await call(server, 'GET', '/v1/export/filesystem/exp-1');
    expect(running.body.shardStatus).toBeDefined();
    expect((await call(server, 'DELETE', '/v1/export/filesystem/exp-1')).status).toBe(204);
    const after = await call(server, 'GET', '/v1/export/filesystem/exp-1');
    expect(after.body.status).toBe('CANCELED');
    expect('shardStatus' in after.body).toBe(false);
  });

  it.each([
    ['failure', 'node weaviate-1 failed: '],
    ['node-dead', 'node weaviate-2 failed: '],
  ])('a %s export reads "node X failed: …"', async (scenario, prefix) => {
    const server = makeServer();
    await call(server, 'POST', '/v1/export/filesystem', REQUEST, { 'x-jobkit-scenario': scenario });
    server.clock.advance(DONE);
    const done = await call<{ status: string; error: string }>(server, 'GET', '/v1/export/filesystem/exp-1');
    expect(done.body.status).toBe('FAILED');
    expect(done.body.error.startsWith(prefix)).toBe(true);
  });
});

describe('Weaviate with export disabled, and its probes', () => {
  it('export-disabled refuses the create with 422 and makes no export', async () => {
    const server = makeServer();
    const reply = await call<Handler>(server, 'POST', '/v1/export/filesystem', REQUEST, {
      'x-jobkit-scenario': 'export-disabled',
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error[0]?.message).toBe(
      'export API is disabled; enable it via EXPORT_ENABLED=true or the runtime config',
    );
    expect(server.store.size).toBe(0);
  });

  it.each(['/v1/.well-known/ready', '/v1/.well-known/live'])('GET %s answers 200', async (path) => {
    const reply = await call(makeServer(), 'GET', path);
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
  });
});
