import { createServer, type Server } from 'node:http';
import {
  GetImportJobCommand,
  MethodNotAllowedException,
  PinpointClient,
  PinpointServiceException,
} from '@aws-sdk/client-pinpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorError } from '../../src/mock/errors.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { ERROR_KINDS, type ErrorKindName, type ErrorsSpec } from '../../src/mock/types.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid, readReply } from '../helpers/http.js';

/**
 * Pinpoint's wrong-method answer: MethodNotAllowedException (405) in its rest-json error shape.
 * The answer itself is the mock's generic 405 (it sends a vendor's `method_not_allowed` kind);
 * these tests hold the Pinpoint vendors' data for it to what the AWS SDK reads.
 */

const registry = createRegistry();
const PINPOINT = registry.names().filter((name) => name === 'pinpoint' || name.startsWith('pinpoint-'));
const KIND = 'method_not_allowed' as ErrorKindName;
const errorsOf = (vendor: string) => registry.get(vendor).lifecycle.api?.errors as ErrorsSpec;

it('covers both Pinpoint job APIs', () => {
  expect(PINPOINT).toEqual(['pinpoint', 'pinpoint-import']);
});

describe.each(PINPOINT)('%s: a wrong method', (vendor) => {
  let stub: Server;
  let client: PinpointClient;
  /** The answer the stub sends: the vendor's method_not_allowed kind, as the mock renders it. */
  const rendered = () => vendorError(errorsOf(vendor), KIND, { requestId: 'req-405' });

  beforeAll(async () => {
    stub = createServer((_req, res) => {
      const e = rendered();
      res.writeHead(e.status, { 'content-type': 'application/json', ...e.headers });
      res.end(JSON.stringify(e.body));
    });
    await new Promise<void>((done) => stub.listen(0, '127.0.0.1', done));
    const address = stub.address() as { port: number };
    client = new PinpointClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${address.port}`,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client?.destroy();
    await new Promise((done) => stub?.close(done));
  });

  it('is declared as MethodNotAllowedException, 405, in the vendor error body', () => {
    const e = rendered();
    expect(e.status).toBe(405);
    expect(e.headers['x-amzn-ErrorType']).toBe('MethodNotAllowedException');
    expect(e.body).toEqual({ Message: expect.any(String), RequestID: 'req-405' });
    expectValid(vendor, e.body, 'MessageBody');
  });

  it('reads to the AWS SDK as MethodNotAllowedException', async () => {
    const error = await client.send(new GetImportJobCommand({ ApplicationId: 'a', JobId: 'j' })).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MethodNotAllowedException);
    expect(error).toBeInstanceOf(PinpointServiceException);
    const e = error as MethodNotAllowedException;
    expect(e.$metadata.httpStatusCode).toBe(405);
    expect(e.message).toBe((rendered().body as { Message: string }).Message);
    expect(e.RequestID).toBe('req-405');
  });
});

// The mock answers a wrong method with a vendor's method_not_allowed kind once its generic 405
// knows that kind; until then there is nothing of the mock's own to drive here.
const generic405 = (ERROR_KINDS as readonly string[]).includes('method_not_allowed');

describe.skipIf(!generic405)('the mock: a wrong method on a Pinpoint job path', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await createMockServer({ registry: createRegistry(), seed: 14 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['DELETE', '/v1/apps/a/jobs/import/j', 'GET'],
    ['PUT', '/v1/apps/a/jobs/import', 'GET'],
    ['DELETE', '/v1/apps/a/jobs/export/j', 'GET'],
    ['PATCH', '/v1/apps/a/segments/s/jobs/import', 'GET'],
  ])('%s %s: 405 MethodNotAllowedException, Allow %s', async (method, path, allow) => {
    const reply = await readReply<{ Message: string; RequestID: string }>(
      await fetch(`${server.url}${path}`, { method }),
    );
    expect(reply.status).toBe(405);
    expect(reply.headers.get('x-amzn-errortype')).toBe('MethodNotAllowedException');
    expect(reply.headers.get('allow')).toContain(allow);
    expect(reply.body).toEqual({ Message: expect.any(String), RequestID: expect.any(String) });
  });
});
