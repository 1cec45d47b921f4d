import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid, readReply } from '../helpers/http.js';
import { mockApp, type TestMock } from '../helpers/server.js';

/**
 * A node found dead mid-export (weaviate/weaviate @adcffc5, usecases/export/scheduler.go): the
 * assembled status is FAILED with completedAt = the latest completion of the nodes that finished,
 * when one did; otherwise the Go zero time until the status is promoted to metadata, whose write
 * sets CompletedAt = now ("Ensure CompletedAt is always set for terminal metadata"). tookInMs
 * comes with completedAt.
 */

const T0 = Date.UTC(2026, 0, 1);
const ZERO = '0001-01-01T00:00:00.000Z';
/** Smaller than the shortest promotion delay (500 ms), so the first FAILED reading comes before it. */
const STEP = 250;

interface Status {
  status: string;
  startedAt: string;
  completedAt: string;
  tookInMs?: number;
  error?: string;
  shardStatus?: Record<string, Record<string, { status: string }>>;
}

async function start(scenario: string): Promise<TestMock> {
  const server = mockApp({ registry: createRegistry(), seed: 11, clock: createManualClock(T0) });
  const created = await server.app.request('/v1/export/filesystem', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-jobkit-scenario': scenario },
    body: JSON.stringify({ id: 'dead-node', file_format: 'parquet' }),
  });
  expect(created.status).toBe(200);
  return server;
}

async function read(server: TestMock): Promise<Status> {
  const reply = await readReply<Status>(await server.app.request('/v1/export/filesystem/dead-node'));
  expect(reply.status).toBe(200);
  expectValid('weaviate', reply.body);
  return reply.body;
}

/** Polls every STEP ms until the export reads FAILED; that first FAILED reading. */
async function firstFailed(server: TestMock): Promise<Status> {
  for (let i = 0; i < 1000; i++) {
    const body = await read(server);
    if (body.status === 'FAILED') return body;
    expect(body.status).toBe('TRANSFERRING');
    server.clock.advance(STEP);
  }
  throw new Error('the export never failed');
}

function shardStates(body: Status): string[] {
  return Object.values(body.shardStatus ?? {}).flatMap((shards) =>
    Object.values(shards).map((s) => s.status),
  );
}

describe('Weaviate liveness failure with no node finished (node-dead)', () => {
  it('reads FAILED with the zero completedAt and no tookInMs until the metadata is promoted', async () => {
    const server = await start('node-dead');
    const failed = await firstFailed(server);
    expect(failed.error).toBe('node weaviate-2 failed: node weaviate-2 is no longer part of the cluster');
    expect(failed.completedAt).toBe(ZERO);
    expect('tookInMs' in failed).toBe(false);
    const failedAt = server.clock.now();

    server.clock.advance(2_000);
    const promoted = await read(server);
    expect(promoted.status).toBe('FAILED');
    const completed = Date.parse(promoted.completedAt);
    // Promotion writes "now": after the failure was first read, within the promotion delay.
    expect(completed).toBeGreaterThan(failedAt - STEP + 500);
    expect(completed).toBeLessThanOrEqual(failedAt + 2_000);
    expect(promoted.tookInMs).toBe(completed - Date.parse(promoted.startedAt));
    expect(promoted.error).toBe(failed.error);

    server.clock.advance(60_000);
    const later = await read(server);
    expect(later.completedAt).toBe(promoted.completedAt);
    expect(later.tookInMs).toBe(promoted.tookInMs);
  });
});

describe('Weaviate liveness failure after another node finished (node-dead-after-others)', () => {
  it('reads FAILED with completedAt and tookInMs at once', async () => {
    const server = await start('node-dead-after-others');
    const failed = await firstFailed(server);
    expect(failed.error).toBe('node weaviate-2 failed: node weaviate-2 is no longer part of the cluster');
    expect(failed.completedAt).not.toBe(ZERO);
    const completed = Date.parse(failed.completedAt);
    expect(completed).toBeGreaterThan(Date.parse(failed.startedAt));
    expect(completed).toBeLessThanOrEqual(server.clock.now());
    expect(failed.tookInMs).toBe(completed - Date.parse(failed.startedAt));
    expect(shardStates(failed)).toContain('SUCCESS');
    expect(shardStates(failed)).toContain('FAILED');

    server.clock.advance(60_000);
    const later = await read(server);
    expect(later.completedAt).toBe(failed.completedAt);
  });
});
