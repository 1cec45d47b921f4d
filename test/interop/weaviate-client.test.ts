import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import weaviate, { ConnectionREST, type WeaviateClient } from 'weaviate-client';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid } from '../helpers/http.js';

/**
 * Weaviate's official TS client (weaviate-client 3.x, as shipped) against the mock over a real
 * socket. Without a gRPC port the client connects with the README's recipe (`skipInitChecks`), and
 * a default connect is shown to fail on the gRPC health check alone; with the mock's gRPC health
 * port (`grpcPort`), a default connect succeeds.
 * v3 has no export method (its OpenAPI types list /export, nothing calls it), so create, status
 * and cancel go through the client's own REST connection: its URL building, headers and errors.
 */

const T0 = Date.UTC(2026, 0, 1);

let server: MockServer;
let port: number;
/** A port nothing listens on: where the client's gRPC channel goes. */
let deadPort: number;
/** One line per request the mock answered. */
const requests: string[] = [];

beforeAll(async () => {
  server = await createMockServer({
    registry: createRegistry(),
    seed: 3,
    clock: createManualClock(T0),
    log: (line) => requests.push(line),
  });
  port = Number(new URL(server.url).port);
  deadPort = await freePort();
});

afterAll(async () => {
  await server?.close();
});

/** A port that was free a moment ago (opened on 127.0.0.1 port 0, then closed). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const found = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(found));
    });
  });
}

/** The README's recipe: REST on the mock, gRPC anywhere (it is never dialled). */
function connect(httpPort: number, skipInitChecks = true): Promise<WeaviateClient> {
  return weaviate.connectToCustom({
    httpHost: '127.0.0.1',
    httpPort,
    grpcHost: '127.0.0.1',
    grpcPort: deadPort,
    skipInitChecks,
  });
}

/** The client's REST transport, as its own commands use it (base /v1, its headers, its errors). */
function rest(): ConnectionREST {
  return new ConnectionREST({ host: `http://127.0.0.1:${port}` });
}

describe('weaviate-client connecting to the mock', () => {
  it('with skipInitChecks: isReady() and isLive() read the probes and answer true', async () => {
    const client = await connect(port);
    try {
      const before = requests.length;
      expect(await client.isReady()).toBe(true);
      expect(await client.isLive()).toBe(true);
      const seen = requests.slice(before).join('\n');
      expect(seen).toMatch(/GET \/v1\/\.well-known\/ready 200/);
      expect(seen).toMatch(/GET \/v1\/\.well-known\/live 200/);
      expect((await client.getMeta()).version).toBe('1.37.1');
    } finally {
      await client.close();
    }
  });

  it('isReady() and isLive() answer false when no server listens', async () => {
    const client = await connect(deadPort);
    try {
      expect(await client.isReady()).toBe(false);
      expect(await client.isLive()).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('without skipInitChecks the connect fails on the gRPC health check, not on REST', async () => {
    const error = await connect(port, false).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe('WeaviateStartUpError');
    expect(error?.message).toContain('/grpc.health.v1.Health/Check UNAVAILABLE');
    expect(error?.message).toContain(`ECONNREFUSED 127.0.0.1:${deadPort}`);
  }, 30_000);
});

describe('weaviate-client connecting to a mock that serves the gRPC health port (--grpc-port)', () => {
  let withGrpc: MockServer;
  beforeAll(async () => {
    withGrpc = await createMockServer({
      registry: createRegistry(),
      vendors: ['weaviate'],
      clock: createManualClock(T0),
      grpcPort: 0,
    });
  });
  afterAll(() => withGrpc?.close());

  it('a default connect (init checks on) succeeds: the health check reads SERVING, then REST works', async () => {
    const grpcPort = Number(withGrpc.grpcAddress?.split(':').at(-1));
    expect(grpcPort).toBeGreaterThan(0);
    const client = await weaviate.connectToLocal({
      host: '127.0.0.1',
      port: Number(new URL(withGrpc.url).port),
      grpcPort,
    });
    try {
      expect(await client.isReady()).toBe(true);
      expect(await client.isLive()).toBe(true);
      expect((await client.getMeta()).version).toBe('1.37.1');
    } finally {
      await client.close();
    }
  }, 30_000);

  it('a gRPC method other than the health check is UNIMPLEMENTED, not a hang', async () => {
    const client = await weaviate.connectToLocal({
      host: '127.0.0.1',
      port: Number(new URL(withGrpc.url).port),
      grpcPort: Number(withGrpc.grpcAddress?.split(':').at(-1)),
    });
    try {
      // A search goes over gRPC (Weaviate.Search): the mock serves exports, not collections.
      const error = await client.collections
        .get('Article')
        .query.fetchObjects()
        .then(
          () => undefined,
          (e: unknown) => e as Error,
        );
      expect(error?.message).toMatch(/UNIMPLEMENTED/);
      expect(error?.message).toMatch(/jobkit serves only \/grpc\.health\.v1\.Health\/Check/);
    } finally {
      await client.close();
    }
  }, 30_000);
});

describe('weaviate-client driving an export through its REST connection', () => {
  it('creates an export, reads its status and cancels it', async () => {
    const http = rest();
    const created = await http.postReturn<unknown, Record<string, unknown>>('/export/filesystem', {
      id: 'client-export',
      file_format: 'parquet',
    });
    expectValid('weaviate', created, 'ExportCreateResponse');
    expect(created).toMatchObject({ id: 'client-export', backend: 'filesystem', status: 'STARTED' });

    server.clock.advance(2_000);
    const status = await http.get<Record<string, unknown>>('/export/filesystem/client-export');
    expectValid('weaviate', status);
    expect(status.status).toBe('TRANSFERRING');

    await http.delete('/export/filesystem/client-export', null, false);
    const after = await http.get<Record<string, unknown>>('/export/filesystem/client-export');
    expect(after).toMatchObject({ status: 'CANCELED', error: 'export was canceled' });
    expect('shardStatus' in after).toBe(false);
    expect(typeof after.tookInMs).toBe('number');

    const again = await http.delete('/export/filesystem/client-export', null, false).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: number },
    );
    expect(again?.name).toBe('WeaviateUnexpectedStatusCodeError');
    expect(again?.code).toBe(409);
    expect(again?.message).toMatch(/message: \{"error":\[\{"message":"[^"]+"\}\]\}$/);
  });
});
