import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { mockApp } from '../helpers/server.js';

const makeServer = () =>
  mockApp({ registry: createRegistry(), seed: 11, clock: createManualClock(Date.UTC(2026, 0, 1)) });

describe('job params', () => {
  // 100,000 jobs held in memory: constant defaults are one object, not one per job.
  it.each(['posthog', 'pinpoint', 'weaviate', 'dakera'])(
    '%s jobs without their own params share one frozen defaults object',
    (vendor) => {
      const server = makeServer();
      const a = server.createJob({ vendor, scenario: 'stuck' });
      const b = server.createJob({ vendor, scenario: 'stuck' });
      expect(a.params).toBe(b.params);
      expect(Object.isFrozen(a.params)).toBe(true);
      expect(Object.keys(a.params).length).toBeGreaterThan(0);
    },
  );

  it('a job given params gets its own object; the shared defaults are untouched', () => {
    const server = makeServer();
    const plain = server.createJob({ vendor: 'posthog', scenario: 'stuck' });
    const own = server.createJob({ vendor: 'posthog', scenario: 'stuck', params: { project_id: '42' } });
    expect(own.params).not.toBe(plain.params);
    expect(own.params.project_id).toBe('42');
    expect(own.params.batch_export_id).toBe(plain.params.batch_export_id);
    expect(plain.params.project_id).toBe('1');
    expect(server.statusPath(own)).toContain('/projects/42/');
  });
});
