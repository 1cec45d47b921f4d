import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';

// An unknown id with a control or non-Latin-1 character used to reach a debug header raw: Node
// refused the header and the answer was a malformed 500. Found by the fast-path property test.
const registry = createRegistry();
const servers: MockServer[] = [];
beforeAll(async () => {
  for (const fastPath of [true, false]) {
    servers.push(
      await createMockServer({ registry, vendors: ['dakera'], clock: createManualClock(), fastPath }),
    );
  }
});
afterAll(async () => {
  for (const server of servers) await server.close();
});

describe('unknown ids with characters a header cannot carry', () => {
  it.each(['%01', '%7F', '%E2%82%AC', '%E4%B8%AD', '%0A'])(
    '%s: the vendor 404 on both transports',
    async (id) => {
      for (const server of servers) {
        const res = await fetch(`${server.url}/v1/import/${id}/status`);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(res.headers.get('x-jobkit-detail')).toContain(id);
        expect(await res.json()).toHaveProperty('error');
      }
    },
  );
});
