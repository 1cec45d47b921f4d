import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrpcHealthServer, type GrpcHealthServer } from '../../src/mock/grpc-health.js';
import { call } from '../helpers/grpc.js';

describe('the gRPC health service', () => {
  let server: GrpcHealthServer;
  beforeAll(async () => {
    server = await createGrpcHealthServer({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => server.close());

  it('answers Health/Check with SERVING: one framed HealthCheckResponse, then grpc-status 0', async () => {
    const r = await call(server.address, '/grpc.health.v1.Health/Check');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/grpc');
    // Frame: not compressed, length 2; field 1 (status), varint 1 (SERVING).
    expect([...r.data]).toEqual([0, 0, 0, 0, 2, 0x08, 0x01]);
    expect(r.trailers['grpc-status']).toBe('0');
  });

  it('answers any other method UNIMPLEMENTED (12), trailers-only, saying what it serves', async () => {
    const r = await call(server.address, '/weaviate.v1.Weaviate/Search');
    expect(r.status).toBe(200);
    expect(r.headers['grpc-status']).toBe('12');
    expect(decodeURIComponent(String(r.headers['grpc-message']))).toBe(
      'jobkit serves only /grpc.health.v1.Health/Check over gRPC, not /weaviate.v1.Weaviate/Search',
    );
    expect(r.data.length).toBe(0);
  });

  it('answers a call that is not gRPC with 415 and a sentence', async () => {
    const r = await call(server.address, '/', 'text/html', 'GET');
    expect(r.status).toBe(415);
    expect(r.data.toString()).toMatch(/serves the gRPC health service only/);
  });

  it('refuses a port in use with a usage error naming the flag', async () => {
    const port = Number(server.address.split(':').at(-1));
    await expect(createGrpcHealthServer({ host: '127.0.0.1', port })).rejects.toMatchObject({
      code: 'usage',
      message: expect.stringContaining(`--grpc-port ${port} on 127.0.0.1 is in use`),
    });
  });
});
