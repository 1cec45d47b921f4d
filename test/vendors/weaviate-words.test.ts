import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { withMockServer } from '../helpers/server.js';

/**
 * Weaviate's messages in its own words (weaviate/weaviate @adcffc5): usecases/export/scheduler.go's
 * errors as handlers_export.go answers them, and go-swagger's binder for bodies it cannot decode
 * (export_create_parameters.go: errors.Required("body", …) and errors.NewParseError("body", …)).
 */

const registry = createRegistry();
const REQUEST = { id: 'exp-1', file_format: 'parquet' };

const withServer = (run: (origin: string) => Promise<void>) =>
  withMockServer({ registry, seed: 3, clock: createManualClock(Date.UTC(2026, 0, 1)) }, run);

async function send(origin: string, method: string, path: string, body?: string) {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = body;
    init.headers = { 'content-type': 'application/json' };
  }
  const res = await fetch(`${origin}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

const handler = (message: string) => ({ error: [{ message }] });
const decode = (reason: string) => ({
  code: 400,
  message: `parsing body body from "" failed, because ${reason}`,
});

describe('Weaviate conflicts and refused cancels, in its own words', () => {
  it('a cancel of a finished export is 409 "export has already finished"', async () => {
    await withServer(async (origin) => {
      await send(origin, 'POST', '/v1/export/filesystem', JSON.stringify(REQUEST));
      expect((await send(origin, 'DELETE', '/v1/export/filesystem/exp-1')).status).toBe(204);
      const again = await send(origin, 'DELETE', '/v1/export/filesystem/exp-1');
      expect(again).toEqual({ status: 409, body: handler('export has already finished') });
    });
  });

  it('a second create with the same id is 409 "export already exists … at <home>"', async () => {
    await withServer(async (origin) => {
      const made = await send(origin, 'POST', '/v1/export/filesystem', JSON.stringify(REQUEST));
      const home = (made.body as { path: string }).path;
      const again = await send(origin, 'POST', '/v1/export/filesystem', JSON.stringify(REQUEST));
      expect(again).toEqual({
        status: 409,
        body: handler(`export already exists: export "exp-1" already exists at "${home}"`),
      });
    });
  });

  it('a create while another export runs is 409 "export already active", naming the running one', async () => {
    await withServer(async (origin) => {
      await send(origin, 'POST', '/v1/export/filesystem', JSON.stringify(REQUEST));
      const other = await send(
        origin,
        'POST',
        '/v1/export/filesystem',
        JSON.stringify({ ...REQUEST, id: 'exp-2' }),
      );
      expect(other).toEqual({
        status: 409,
        body: handler('prepare node weaviate-1: export already active: export "exp-1" already in progress'),
      });
    });
  });
});

describe('Weaviate create bodies go-swagger cannot bind', () => {
  it.each([
    ['an empty body', ''],
    ['only whitespace', ' \n'],
  ])('%s is 422 {"code":602,"message":"body in body is required"}', async (_what, body) => {
    await withServer(async (origin) => {
      const reply = await send(origin, 'POST', '/v1/export/filesystem', body);
      expect(reply).toEqual({ status: 422, body: { code: 602, message: 'body in body is required' } });
    });
  });

  it.each([
    [
      'a number id',
      { ...REQUEST, id: 7 },
      'number into Go struct field ExportCreateRequest.id of type string',
    ],
    [
      'a bool file_format',
      { ...REQUEST, file_format: true },
      'bool into Go struct field ExportCreateRequest.file_format of type string',
    ],
    [
      'a string include',
      { ...REQUEST, include: 'Article' },
      'string into Go struct field ExportCreateRequest.include of type []string',
    ],
    [
      'a number in exclude',
      { ...REQUEST, exclude: [1] },
      'number into Go struct field ExportCreateRequest.exclude of type string',
    ],
    ['an array body', [REQUEST], 'array into Go value of type models.ExportCreateRequest'],
  ])('%s is go-swagger 400 "cannot unmarshal …"', async (_what, body, reason) => {
    await withServer(async (origin) => {
      const reply = await send(origin, 'POST', '/v1/export/filesystem', JSON.stringify(body));
      expect(reply).toEqual({ status: 400, body: decode(`json: cannot unmarshal ${reason}`) });
    });
  });

  it('a wrong type wins over a missing field: the body is decoded before it is validated', async () => {
    await withServer(async (origin) => {
      const reply = await send(origin, 'POST', '/v1/export/filesystem', JSON.stringify({ id: 7 }));
      expect(reply.status).toBe(400);
    });
  });

  it('a null id decodes as absent: 422 602 "id in body is required"', async () => {
    await withServer(async (origin) => {
      const reply = await send(
        origin,
        'POST',
        '/v1/export/filesystem',
        JSON.stringify({ ...REQUEST, id: null }),
      );
      expect(reply).toEqual({ status: 422, body: { code: 602, message: 'id in body is required' } });
    });
  });
});
