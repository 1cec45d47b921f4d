import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../../src/mock/listen.js';
import { createRegistry } from '../../../src/vendors/registry.js';

/** A vendor's request window over real sockets: Dakera's, as its file declares it and as a caller sets it. */

const registry = createRegistry();
const START = Date.UTC(2026, 5, 1, 12, 0, 0, 250);
const servers: MockServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(options: Partial<Parameters<typeof createMockServer>[0]> = {}) {
  const server = await createMockServer({ registry, seed: 3, clock: createManualClock(START), ...options });
  servers.push(server);
  const job = server.state.createJob({ vendor: 'dakera', scenario: 'stuck' });
  return { server, url: `${server.url}${server.state.statusPath(job)}` };
}

const get = (url: string, key?: string) =>
  fetch(url, key ? { headers: { authorization: `Bearer ${key}` } } : {});

const windowOf = (res: Response) => ({
  limit: res.headers.get('x-ratelimit-limit'),
  remaining: res.headers.get('x-ratelimit-remaining'),
  reset: res.headers.get('x-ratelimit-reset'),
});

describe('Dakera request window', () => {
  it('declares one far above demo use; Remaining goes down per request; Reset is the window end in Unix seconds', async () => {
    const spec = registry.get('dakera').lifecycle.api?.rateLimit;
    expect(spec).toMatchObject({ limit: 10000, windowMs: 60000, reset: 'unix-s' });
    const { server, url } = await serve();
    const first = await get(url, 'dk-one');
    expect(first.status).toBe(200);
    const end = Math.ceil((START + 60000) / 1000);
    expect(windowOf(first)).toEqual({ limit: '10000', remaining: '9999', reset: String(end) });
    server.clock.advance(20000);
    expect(windowOf(await get(url, 'dk-one'))).toEqual({
      limit: '10000',
      remaining: '9998',
      reset: String(end),
    });
    // A 404 on its paths counts too, and carries the headers.
    const missing = await get(url.replace(/imp-[0-9a-f]+/, 'imp-nope'), 'dk-one');
    expect(missing.status).toBe(404);
    expect(windowOf(missing).remaining).toBe('9997');
    // Another vendor has no window: no headers, and its status GETs stay on the fast path.
    const other = server.state.createJob({ vendor: 'posthog', scenario: 'stuck' });
    const path = server.state.statusPath(other) as string;
    expect((await fetch(`${server.url}${path}`)).headers.has('x-ratelimit-limit')).toBe(false);
    expect(server.status.answer(path)).toBeDefined();
    expect(server.status.answer(new URL(url).pathname)).toBeUndefined();
  });

  it('counts per credential, and per client without one; over the limit a 429 in Dakera’s shape with Retry-After', async () => {
    const { server, url } = await serve({ rateLimits: { dakera: { limit: 2, windowMs: 10000 } } });
    expect(windowOf(await get(url, 'dk-a')).remaining).toBe('1');
    expect(windowOf(await get(url, 'dk-a')).remaining).toBe('0');
    server.clock.advance(3500);
    const refused = await get(url, 'dk-a');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(refused.headers.get('content-type')).toBe('application/json');
    expect(windowOf(refused)).toEqual({
      limit: '2',
      remaining: '0',
      reset: String(Math.ceil((START + 10000) / 1000)),
    });
    expect(await refused.json()).toEqual({ error: 'Rate limit exceeded', code: 'RATE_LIMITED' });
    expect(refused.headers.get('access-control-expose-headers')).toMatch(/X-RateLimit-Remaining/);
    // A refusal is not counted; another key has its own window, and so has no credential at all.
    expect(windowOf(await get(url, 'dk-b')).remaining).toBe('1');
    expect(windowOf(await get(url)).remaining).toBe('1');
    expect(windowOf(await get(url)).remaining).toBe('0');
    expect((await get(url)).status).toBe(429);
    // At the window's end a new one opens at the next request.
    server.clock.advance(6500);
    const again = await get(url, 'dk-a');
    expect(again.status).toBe(200);
    expect(windowOf(again)).toEqual({
      limit: '2',
      remaining: '1',
      reset: String(Math.ceil((START + 20000) / 1000)),
    });
  });

  it('POST /__jobkit/reset forgets the windows: a refused key is answered again', async () => {
    const { server, url } = await serve({ rateLimits: { dakera: { limit: 1, windowMs: 60_000 } } });
    expect((await get(url, 'dk-r')).status).toBe(200);
    expect((await get(url, 'dk-r')).status).toBe(429);
    const reset = await fetch(`${server.url}/__jobkit/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(reset.status).toBe(200);
    const job = server.state.createJob({ vendor: 'dakera', scenario: 'stuck' });
    const fresh = await get(`${server.url}${server.state.statusPath(job)}`, 'dk-r');
    expect(fresh.status).toBe(200);
    expect(windowOf(fresh).remaining).toBe('0');
  });

  it('counts unknown paths and wrong methods in its namespace, and leaves the admin API alone', async () => {
    const { server, url } = await serve({ rateLimits: { dakera: { limit: 1, windowMs: 1000 } } });
    const wrong = await fetch(url, { method: 'DELETE', headers: { authorization: 'Bearer dk-x' } });
    expect(wrong.status).toBe(405);
    expect(windowOf(wrong).remaining).toBe('0');
    expect(
      (await fetch(`${server.url}/v1/import/x/y/z`, { headers: { authorization: 'Bearer dk-x' } })).status,
    ).toBe(429);
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/__jobkit/jobs`)).status).toBe(200);
  });

  it('rateLimits: false serves it unlimited, on the fast path; a window for a vendor that declares none', async () => {
    const { server, url } = await serve({
      rateLimits: { dakera: false, posthog: { limit: 1, windowMs: 5000 } },
    });
    const open = await get(url);
    expect(open.headers.has('x-ratelimit-limit')).toBe(false);
    expect(server.status.answer(new URL(url).pathname)?.status).toBe(200);
    const run = server.state.createJob({ vendor: 'posthog', scenario: 'stuck' });
    const path = `${server.url}${server.state.statusPath(run)}`;
    expect((await fetch(path)).status).toBe(200);
    const throttled = await fetch(path);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('5');
    expect(((await throttled.json()) as { detail: string }).detail).toMatch(/throttled/i);
  });

  it('refuses an override for an unknown vendor, or a window with no limit for a vendor that declares none', async () => {
    await expect(createMockServer({ registry, rateLimits: { nope: false } })).rejects.toThrow(
      /names no vendor "nope"\. The vendors are: /,
    );
    await expect(createMockServer({ registry, rateLimits: { posthog: { limit: 5 } } })).rejects.toThrow(
      /needs a limit and a window/,
    );
  });
});
