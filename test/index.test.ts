import { describe, expect, it } from 'vitest';
import * as jobkit from '../src/index.js';

// The public API is a handful of verbs: adding or dropping one is a decision, not an accident.
describe('the public API', () => {
  it('exports these values and no others', () => {
    expect(Object.keys(jobkit).sort()).toEqual(
      [
        'JobkitError',
        'RULES',
        'buildOpenApi',
        'bundleVendors',
        'checkJob',
        'checkRecording',
        'checkSequence',
        'createManualClock',
        'createMockApp',
        'createMockServer',
        'createRealClock',
        'formatReport',
        'isJobkitError',
        'loadSuite',
        'loadVendors',
        'runSuite',
        'validate',
      ].sort(),
    );
  });

  it('serves, checks and reports a job end to end on a manual clock', async () => {
    const vendors = jobkit.loadVendors();
    const clock = jobkit.createManualClock(Date.UTC(2026, 0, 1));
    const server = await jobkit.createMockServer({ registry: vendors, clock, vendors: ['dakera'] });
    try {
      const job = server.state.createJob({ vendor: 'dakera', scenario: 'happy' });
      const url = `${server.url}${server.state.statusPath(job)}`;
      const bodies: unknown[] = [];
      for (let i = 0; i < 8; i++) {
        bodies.push(await (await fetch(url)).json());
        clock.advance(60_000);
      }
      const result = jobkit.checkSequence(vendors.get('dakera'), bodies);
      expect(result.violations).toEqual([]);
      expect(result.states.at(-1)).toBe('completed');
      const junit = jobkit.formatReport(
        [{ name: 'dakera', source: url, cases: [result], ok: result.ok, durationMs: 0, problems: [] }],
        { format: 'junit' },
      );
      expect(junit).toContain('<testsuites');
    } finally {
      await server.close();
    }
  });
});
