import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { expectValid, type Reply, readReply } from '../helpers/http.js';

/**
 * FullStory v1 segment exports: the create bodies FullStory's own clients send (hauser's
 * all-time ranges and null fields, every documented TYPE_*), and the list's default page size.
 */

const AUTH = 'Basic dummy-api-key';
let server: MockServer;

beforeAll(async () => {
  server = await createMockServer({
    registry: createRegistry(),
    seed: 14,
    clock: createManualClock(Date.UTC(2026, 0, 1)),
  });
});

afterAll(async () => {
  await server?.close();
});

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply<T>> {
  const headers: Record<string, string> = { authorization: AUTH, accept: 'application/json' };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return readReply<T>(await fetch(`${server.url}${path}`, init));
}

const base = { segmentId: 'everyone', format: 'FORMAT_NDJSON' };

describe('FullStory create export', () => {
  it('accepts hauser\'s all-time request: "" for every range bound and fields: null', async () => {
    const reply = await call<{ operationId: string }>('POST', '/segments/v1/exports', {
      ...base,
      type: 'TYPE_EVENT',
      timeRange: { start: '', end: '' },
      segmentTimeRange: { start: '', end: '' },
      timezone: 'UTC',
      fields: null,
    });
    expect(reply.status).toBe(200);
    expectValid('fullstory', reply.body, 'CreateSegmentExportResponse');
  });

  it.each(['TYPE_EVENT', 'TYPE_PAGES', 'TYPE_SESSIONS', 'TYPE_INDIVIDUAL'])(
    'accepts the documented type %s',
    async (type) => {
      const reply = await call('POST', '/segments/v1/exports', {
        ...base,
        type,
        timeRange: { start: '2025-12-01T00:00:00Z', end: '' },
      });
      expect(reply.status).toBe(200);
    },
  );

  it('still refuses an undocumented type, a bound that is neither a time nor "", and fields that are not a list', async () => {
    for (const bad of [
      { ...base, type: 'TYPE_EVERYTHING', timeRange: { start: '', end: '' } },
      { ...base, type: 'TYPE_EVENT', timeRange: { start: 'yesterday', end: '' } },
      { ...base, type: 'TYPE_EVENT', timeRange: { start: '', end: '' }, fields: 'uid' },
    ]) {
      const reply = await call<{ code: string; message: string }>('POST', '/segments/v1/exports', bad);
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('invalid_argument');
    }
  });
});

describe('FullStory list operations', () => {
  it('answers 100 operations when the client sets no limit (the documented default, also the max)', async () => {
    for (let i = 0; i < 105; i++) {
      const reply = await call('POST', '/segments/v1/exports', {
        ...base,
        type: 'TYPE_INDIVIDUAL',
        timeRange: { start: '', end: '' },
      });
      expect(reply.status).toBe(200);
    }
    const page = await call<{ operations: unknown[]; nextPaginationToken?: string }>('GET', '/operations/v1');
    expect(page.status).toBe(200);
    expectValid('fullstory', page.body, 'ListOperationsResponse');
    expect(page.body.operations).toHaveLength(100);
    expect(page.body.nextPaginationToken).toEqual(expect.any(String));
    const capped = await call<{ operations: unknown[] }>('GET', '/operations/v1?limit=500');
    expect(capped.body.operations).toHaveLength(100);
  });
});
