import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { tempTree } from '../helpers/fixtures.js';
import { mockApp } from '../helpers/server.js';

/**
 * A vendor's own response headers (api.headers) are filled once per route and joined around the
 * request id per answer; both the Hono routes and the fast status path must send exactly what
 * filling each template per answer sends.
 */
const tree = tempTree({
  'schemas/hdr/openapi.yaml': `openapi: 3.0.3
info: { title: Hdr, version: '1' }
paths: {}
components:
  schemas:
    Job:
      type: object
      required: [id, state]
      properties:
        id: { type: string }
        state: { type: string, enum: [queued, done] }
`,
  'mocks/hdr/lifecycle.json': {
    title: 'Header templates',
    schema: { root: 'Job' },
    status: {
      field: '/state',
      states: { queued: { initial: true }, done: { terminal: 'success' } },
      transitions: { queued: ['done'] },
    },
    api: {
      routes: [
        {
          method: 'POST',
          path: '/hdr/jobs',
          action: 'create',
          create: { response: { status: 201, body: '{{body}}' } },
        },
        { method: 'GET', path: '/hdr/jobs/{id}', action: 'status' },
      ],
      errors: { body: { message: '{{message}}' }, kinds: {} },
      headers: {
        'x-whole': '{{requestId}}',
        'x-inner': 'req-{{requestId}}/{{ requestId }}',
        'x-missing': '{{nope}}',
        'x-missing-null': '{{nope|null}}',
        'x-missing-empty': 'v{{nope}}1',
        'x-plain': 'plain',
      },
    },
    body: { id: { from: 'id' }, state: { from: 'state' } },
    mock: {
      id: 'hdr-{{hex:8}}',
      work: { total: [1, 2] },
      scenarios: {
        happy: { description: 'ends', steps: [{ state: 'queued', ms: 1000 }, { state: 'done' }] },
      },
      controls: { complete: { state: 'done' }, fail: { state: 'done' } },
    },
  },
});
afterAll(() => tree.cleanup());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectFilled(get: (name: string) => string | null | undefined): string {
  const id = get('x-whole') as string;
  expect(id).toMatch(UUID);
  expect(get('x-inner')).toBe(`req-${id}/${id}`);
  expect(get('x-missing')).toBe('undefined');
  expect(get('x-missing-null')).toBe('null');
  expect(get('x-missing-empty')).toBe('v1');
  expect(get('x-plain')).toBe('plain');
  return id;
}

describe('vendor header templates', () => {
  const registry = createRegistry({ roots: [tree.dir] });
  const mock = mockApp({ registry, vendors: ['hdr'], seed: 2, clock: createManualClock() });

  it('fills every template, with a fresh request id per answer, on the Hono routes and the fast path', async () => {
    const created = await mock.app.request('/hdr/jobs', { method: 'POST' });
    expect(created.status).toBe(201);
    const first = expectFilled((n) => created.headers.get(n));
    const { id } = (await created.json()) as { id: string };

    const status = await mock.app.request(`/hdr/jobs/${id}`);
    expect(status.status).toBe(200);
    expect(expectFilled((n) => status.headers.get(n))).not.toBe(first);

    const fast = mock.status.answer(`/hdr/jobs/${id}`);
    if (!fast) throw new Error('the fast path did not answer');
    expect(expectFilled((n) => fast.headers[n])).not.toBe(first);
    // The vendor's headers come after jobkit's own, in the template's order.
    expect(Object.keys(fast.headers).slice(-6)).toEqual([
      'x-whole',
      'x-inner',
      'x-missing',
      'x-missing-null',
      'x-missing-empty',
      'x-plain',
    ]);
  });

  it('leaves error answers to the error headers', async () => {
    const missing = await mock.app.request('/hdr/jobs/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-whole')).toBeNull();
  });
});
