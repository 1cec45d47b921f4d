import { afterAll, describe, expect, it } from 'vitest';
import { checkSequence } from '../../src/contract/check-sequence.js';
import { createManualClock } from '../../src/mock/clock.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { tempTree } from '../helpers/fixtures.js';
import { mockApp } from '../helpers/server.js';
import { batchyFiles } from '../helpers/transit-vendor.js';

/** A cancel through a transit state (OpenAI batches: cancelling → cancelled), served and checked. */
const tree = tempTree(batchyFiles());
afterAll(() => tree.cleanup());

type Batch = {
  id: string;
  status: string;
  cancelling_at: number | null;
  cancelled_at: number | null;
  finished_at: string | null;
  request_counts: { total: number; completed: number; failed: number };
};

describe('a cancel that passes through a transit state', () => {
  const registry = createRegistry({ roots: [tree.dir], builtins: false });
  const vendor = registry.get('batchy');
  const clock = createManualClock(Date.UTC(2026, 0, 1));
  const mock = mockApp({ registry, vendors: ['batchy'], seed: 3, clock });
  const get = async (path: string) => (await (await mock.app.request(path)).json()) as Batch;
  const post = (path: string) =>
    mock.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' } });

  it('answers the cancel with the transit state, shows it for a while, then the final state', async () => {
    const created = (await (await post('/batchy/jobs')).json()) as Batch;
    const path = `/batchy/jobs/${created.id}`;
    const bodies: Batch[] = [created];
    clock.advance(6000);
    bodies.push(await get(path));
    expect(bodies[1]?.status).toBe('in_progress');

    const T = clock.now();
    const answer = await post(`${path}/cancel`);
    expect(answer.status).toBe(200);
    const cancelling = (await answer.json()) as Batch;
    bodies.push(cancelling);
    expect(cancelling).toMatchObject({ status: 'cancelling', cancelling_at: Math.floor(T / 1000) });
    expect(cancelling.finished_at).toBeNull();
    expect(cancelling.cancelled_at).toBeNull();

    // A second cancel during the transit is refused, by the vendor route and by the admin API.
    const again = await post(`${path}/cancel`);
    expect(again.status).toBe(409);
    expect(JSON.stringify(await again.json())).toContain(`is already cancelling`);
    const admin = await post(`/__jobkit/jobs/${created.id}/cancel`);
    expect(admin.status).toBe(409);
    expect(((await admin.json()) as { error: { message: string } }).error.message).toContain(
      'already cancelling',
    );

    clock.advance(1500);
    const still = await get(path);
    bodies.push(still);
    expect(still.status).toBe('cancelling');
    expect(still.request_counts).toEqual(cancelling.request_counts);

    clock.advance(4000);
    const cancelled = await get(path);
    bodies.push(cancelled, await get(path));
    expect(cancelled.status).toBe('cancelled');
    const finished = Date.parse(cancelled.finished_at as string);
    expect(finished - T).toBeGreaterThanOrEqual(2000);
    expect(finished - T).toBeLessThanOrEqual(5000);
    expect(cancelled.cancelled_at).toBe(Math.floor(finished / 1000));
    expect(cancelled.cancelling_at).toBe(cancelling.cancelling_at);
    expect(cancelled.request_counts).toEqual(cancelling.request_counts);

    const result = checkSequence(vendor, bodies);
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.states).toEqual(['validating', 'in_progress', 'cancelling', 'cancelled']);
  });

  it('the admin cancel reports the transit state', async () => {
    const job = mock.createJob({ vendor: 'batchy' });
    const reply = await post(`/__jobkit/jobs/${job.id}/cancel`);
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ id: job.id, state: 'cancelling', terminal: null });
    clock.advance(5000);
    expect((await get(`/batchy/jobs/${job.id}`)).status).toBe('cancelled');
  });

  it('the runner flags a job that leaves the transit for anything but the final state', async () => {
    const job = mock.createJob({ vendor: 'batchy' });
    clock.advance(3000);
    const path = `/batchy/jobs/${job.id}`;
    const running = await get(path);
    const cancelling = (await (await post(`${path}/cancel`)).json()) as Batch;
    const result = checkSequence(vendor, [running, cancelling, { ...cancelling, status: 'completed' }]);
    expect(result.ok).toBe(false);
    expect(result.violations.map((v) => [v.rule, v.poll])).toContainEqual(['transition-legal', 3]);
  });
});
