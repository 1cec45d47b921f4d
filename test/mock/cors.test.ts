import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { CorsPolicy } from '../../src/mock/cors.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';

/** CORS as a browser sees it, on a real server: the status fast path and Hono answer alike. */

const registry = createRegistry();
const APP = 'http://localhost:5173';
const OTHER = 'http://evil.test';

describe('a policy with credentials and one allowed origin', () => {
  let server: MockServer;
  let statusUrl: string;

  beforeAll(async () => {
    server = await createMockServer({
      registry,
      host: '127.0.0.1',
      port: 0,
      clock: createManualClock(Date.UTC(2026, 0, 1)),
      cors: { origins: [APP], credentials: true, exposeHeaders: ['X-Trace-Id'] },
    });
    const vendor = registry.names().find((n) => server.state.vendors.has(n)) as string;
    const job = server.state.createJob({ vendor });
    statusUrl = `${server.url}${server.state.statusPath(job)}`;
  });
  afterAll(() => server.close());

  const urls = () => ({
    status: statusUrl,
    admin: `${server.url}/__jobkit/jobs`,
    missing: `${server.url}/nope`,
  });

  it.each(['status', 'admin', 'missing'] as const)(
    'the %s answer echoes an allowed origin with credentials',
    async (which) => {
      const res = await fetch(urls()[which], { headers: { origin: APP } });
      await res.arrayBuffer();
      expect(res.headers.get('access-control-allow-origin')).toBe(APP);
      expect(res.headers.get('access-control-allow-credentials')).toBe('true');
      expect(res.headers.get('vary')).toMatch(/\bOrigin\b/);
      expect(res.headers.get('access-control-expose-headers')).toMatch(/(^|,)X-Trace-Id(,|$)/);
    },
  );

  it.each(['status', 'admin'] as const)('the %s answer lets no other origin read it', async (which) => {
    const res = await fetch(urls()[which], { headers: { origin: OTHER } });
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a preflight from the allowed origin allows credentials', async () => {
    const res = await fetch(statusUrl, {
      method: 'OPTIONS',
      headers: {
        origin: APP,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization');
  });
});

describe('CorsPolicy', () => {
  it('asks for nothing by default: the answers keep "*"', () => {
    expect(CorsPolicy.create(undefined)).toBeUndefined();
    expect(CorsPolicy.create({ origins: '*' })).toBeUndefined();
  });

  it('with any origin and credentials it echoes whichever origin calls', () => {
    const policy = CorsPolicy.create({ credentials: true }) as CorsPolicy;
    const headers: Record<string, string> = { 'Access-Control-Allow-Origin': '*' };
    policy.apply(headers, OTHER);
    expect(headers).toEqual({
      'Access-Control-Allow-Origin': OTHER,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
  });

  it('only widens the expose list when that is all it asks', () => {
    const policy = CorsPolicy.create({ exposeHeaders: ['X-A', 'location'] }) as CorsPolicy;
    const headers = new Headers({
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'Location',
    });
    policy.apply(headers, APP);
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('access-control-expose-headers')).toBe('Location,X-A');
  });
});
