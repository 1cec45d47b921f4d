import { afterAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { SequenceChecker } from '../../src/rules/check.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { tempTree } from '../helpers/fixtures.js';
import { simpleStatus } from '../helpers/own-vendor.js';
import { mockApp } from '../helpers/server.js';

/** A user's vendor: an OpenAPI file and a lifecycle file with a mock section, no routes. */
const tree = tempTree({
  'schemas/acme/openapi.yaml': `openapi: 3.0.3
info: { title: Acme, version: '1' }
paths: {}
components:
  schemas:
    Job:
      type: object
      required: [id, state, owner]
      properties:
        id: { type: string }
        state: { type: string, enum: [queued, running, done, failed] }
        done: { type: integer, minimum: 0 }
        finishedAt: { type: string, format: date-time, nullable: true }
        owner: { type: string, minLength: 3 }
        region: { type: string, enum: [eu, us] }
`,
  'mocks/acme/lifecycle.json': {
    title: 'Acme exports',
    schema: { root: 'Job' },
    status: simpleStatus(),
    body: {
      id: { from: 'id' },
      state: { from: 'state' },
      done: { from: 'count.done' },
      finishedAt: { from: 'time.finished', format: 'iso', unset: null },
    },
    mock: {
      id: 'acme-{{hex:8}}',
      work: { total: [100, 500] },
      scenarios: {
        happy: {
          description: 'runs then ends',
          steps: [
            { state: 'queued', ms: 1000 },
            { state: 'running', ms: 5000, progress: [0, 1] },
            { state: 'done' },
          ],
        },
      },
      controls: {
        complete: { state: 'done' },
        fail: { state: 'failed' },
        cancel: { state: 'failed', from: ['queued', 'running'] },
      },
    },
  },
});
afterAll(() => tree.cleanup());

describe("a user's vendor, served without touching src/", () => {
  const registry = createRegistry({ roots: [tree.dir] });
  const mock = mockApp({
    registry,
    vendors: ['acme'],
    seed: 2,
    clock: createManualClock(Date.UTC(2026, 0, 1)),
  });

  it('gets generic routes: create, status, list, cancel', async () => {
    const created = await mock.app.request('/acme/jobs', { method: 'POST' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string };
    expect(body.id).toMatch(/^acme-[0-9a-f]{8}$/);
    expect((await mock.app.request(`/acme/jobs/${body.id}`)).status).toBe(200);
    const list = (await (await mock.app.request('/acme/jobs')).json()) as { jobs: unknown[] };
    expect(list.jobs).toHaveLength(1);
    const cancelled = await mock.app.request(`/acme/jobs/${body.id}/cancel`, { method: 'POST' });
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { state: string }).state).toBe('failed');
    expect((await mock.app.request('/acme/jobs/nope')).status).toBe(404);
  });

  it('fills the fields its lifecycle does not own with seeded json-schema-faker values, valid and stable', () => {
    const vendor = registry.get('acme');
    const job = mock.createJob({ vendor: 'acme' });
    const mv = mock.vendors.get('acme');
    const checker = new SequenceChecker(vendor);
    let owner: unknown;
    for (const t of [0, 2000, 4000, 7000, 60_000]) {
      const body = mv?.body(job, job.createdAt + t) as Record<string, unknown>;
      expect(typeof body.owner).toBe('string');
      owner ??= body.owner;
      expect(body.owner).toBe(owner);
      expect(checker.check(body)).toEqual([]);
    }
    expect(checker.terminal).toBe(true);
  });
});
