import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { mockApp } from '../helpers/server.js';

/**
 * PostHog's runs list against a reference a reader can check by eye: every run of the batch
 * export, filtered by the window the ordering picks (created_at in [after, before], default
 * [-7d, now]; or the data interval in [start, end]), then sorted, ties newest first when
 * descending and oldest first when ascending. An ordering PostHog does not know is ignored.
 */

const registry = createRegistry();
const T0 = Date.UTC(2026, 2, 1);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const BE = '0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60';
const LIST = `/api/projects/1/batch_exports/${BE}/runs/`;

type Run = Record<string, unknown> & { id: string; created_at: string };

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const moment = fc.oneof(
  fc.integer({ min: 0, max: 12 }).map((n) => ({ text: `-${n}d`, ms: (now: number) => now - n * DAY })),
  fc.integer({ min: 0, max: 300 }).map((n) => ({ text: `-${n}h`, ms: (now: number) => now - n * HOUR })),
  fc
    .integer({ min: -12 * 24, max: 2 })
    .map((h) => ({ text: isoSeconds(T0 + 10 * DAY + h * HOUR), ms: () => T0 + 10 * DAY + h * HOUR })),
);

const runSpec = fc.record({
  // Zero gaps and few interval hours, so ties (the sort's stability) come up often.
  gapMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 * DAY })),
  scenario: fc.constantFrom('happy', 'failure', 'billing', 'stuck'),
  intervalHoursAgo: fc.option(
    fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 12 * 24 })),
    {
      nil: undefined,
    },
  ),
});

const query = fc.record({
  ordering: fc.option(
    fc.constantFrom('created_at', '-created_at', 'data_interval_start', '-data_interval_start', 'bogus'),
    { nil: undefined },
  ),
  from: fc.option(moment, { nil: undefined }),
  to: fc.option(moment, { nil: undefined }),
});

function timeOf(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

describe('PostHog runs list: ordering and window', () => {
  it('equals filter + sort over every run', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(runSpec, { minLength: 0, maxLength: 25 }), query, async (specs, q) => {
        const server = mockApp({ registry, vendors: ['posthog'], seed: 3, clock: createManualClock(T0) });
        const order: string[] = [];
        for (const spec of specs) {
          server.clock.advance(spec.gapMs);
          const params: Record<string, string> = { project_id: '1', batch_export_id: BE };
          if (spec.intervalHoursAgo !== undefined) {
            const start = Math.floor(server.clock.now() / HOUR) * HOUR - spec.intervalHoursAgo * HOUR;
            params.interval_start = isoSeconds(start);
            params.interval_end = isoSeconds(start + HOUR);
          }
          order.push(server.createJob({ vendor: 'posthog', scenario: spec.scenario, params }).id);
        }
        server.clock.advance(T0 + 10 * DAY - server.clock.now());
        const now = server.clock.now();

        const byInterval = q.ordering === 'data_interval_start' || q.ordering === '-data_interval_start';
        const [fromName, toName] = byInterval ? ['start', 'end'] : ['after', 'before'];
        const search = new URLSearchParams();
        if (q.ordering !== undefined) search.set('ordering', q.ordering);
        if (q.from) search.set(fromName, q.from.text);
        if (q.to) search.set(toName, q.to.text);
        const res = await server.app.request(`${LIST}?${search}`);
        expect(res.status).toBe(200);
        const got = ((await res.json()) as { results: Run[] }).results.map((r) => r.id);

        const all = order.map((id, index) => ({
          index,
          body: server.vendors.get('posthog')?.body(server.store.get('posthog', id) as never, now) as Run,
        }));
        const from = q.from ? q.from.ms(now) : now - 7 * DAY;
        const to = q.to ? q.to.ms(now) : now;
        const field = byInterval ? 'data_interval_start' : 'created_at';
        const descending = q.ordering === undefined || q.ordering === 'bogus' || q.ordering.startsWith('-');
        const expected = all
          .filter(({ body }) =>
            byInterval
              ? timeOf(body.data_interval_start) >= from && timeOf(body.data_interval_end) <= to
              : timeOf(body.created_at) >= from && timeOf(body.created_at) <= to,
          )
          .sort((a, b) => {
            const d = timeOf(a.body[field]) - timeOf(b.body[field]) || a.index - b.index;
            return descending ? -d : d;
          })
          .map(({ body }) => body.id);
        expect(got).toEqual(expected);
      }),
      { numRuns: 120 },
    );
  }, 60_000);
});
