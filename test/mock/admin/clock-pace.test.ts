import { describe, expect, it } from 'vitest';
import { createMockApp } from '../../../src/mock/app.js';
import { createManualClock, createRealClock } from '../../../src/mock/clock.js';
import { createRegistry } from '../../../src/vendors/registry.js';

const post = (mock: ReturnType<typeof createMockApp>, path: string, body: unknown = {}) =>
  mock.app.request(`/__jobkit${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('POST /__jobkit/clock/speed, /pause and /resume', () => {
  it("set a real clock's pace, and GET /__jobkit/clock says it", async () => {
    let t = 5_000_000;
    const clock = createRealClock({ speed: 1, now: () => t });
    const mock = createMockApp({ registry: createRegistry(), clock });
    const sped = await post(mock, '/clock/speed', { speed: 50 });
    expect(sped.status).toBe(200);
    expect(await sped.json()).toMatchObject({ kind: 'real', speed: 50, paused: false });
    const paused = await post(mock, '/clock/pause');
    expect(await paused.json()).toMatchObject({ paused: true });
    const at = clock.now();
    t += 10_000;
    expect(clock.now()).toBe(at);
    await post(mock, '/clock/resume');
    t += 10;
    expect(clock.now()).toBe(at + 500);
    const read = await mock.app.request('/__jobkit/clock');
    expect(await read.json()).toMatchObject({ kind: 'real', speed: 50, paused: false });
  });

  it.each([[{}], [{ speed: 0 }], [{ speed: 'fast' }], [{ speed: 1e9 }]])(
    'refuses %j with the schema issues',
    async (body) => {
      const mock = createMockApp({ registry: createRegistry(), clock: createRealClock() });
      const res = await post(mock, '/clock/speed', body);
      expect(res.status).toBe(400);
      const refusal = (await res.json()) as { error: { code: string }; issues: { pointer: string }[] };
      expect(refusal.error.code).toBe('invalid_body');
      expect(refusal.issues.length).toBeGreaterThan(0);
    },
  );

  it.each(['/clock/speed', '/clock/pause', '/clock/resume'])(
    '%s is a 409 on a manual clock',
    async (path) => {
      const mock = createMockApp({ registry: createRegistry(), clock: createManualClock() });
      const res = await post(mock, path, { speed: 2 });
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: { code: 'not_supported' } });
    },
  );
});
