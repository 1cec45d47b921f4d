import { describe, expect, it } from 'vitest';
import { JobkitError } from '../../src/errors.js';
import { createManualClock } from '../../src/mock/clock.js';
import { MockVendor } from '../../src/mock/jobs.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { mockApp } from '../helpers/server.js';

/** Scenario and control names from a request are own names of the vendor file. */
const registry = createRegistry();
const INHERITED = ['constructor', 'toString', '__proto__'];

function mockOf(name: string): MockVendor {
  const vendor = registry.get(name);
  return new MockVendor(vendor, vendor.lifecycle.mock as NonNullable<typeof vendor.lifecycle.mock>, 1);
}

describe.each(registry.names())('%s: inherited names', (name) => {
  it.each(INHERITED)('scenario "%s" is unknown', (scenario) => {
    const mv = mockOf(name);
    expect(() => mv.createJob({ scenario, now: 0 })).toThrow(JobkitError);
    expect(() => mv.createJob({ scenario, now: 0 })).toThrow(`has no scenario "${scenario}"`);
  });

  it.each(INHERITED)('control "%s" is none', (control) => {
    expect(mockOf(name).control(control as 'complete')).toBeUndefined();
  });
});

describe('the admin API refuses an inherited scenario name as data', () => {
  const server = mockApp({ registry, seed: 3, clock: createManualClock() });
  it.each(INHERITED)('scenario "%s": a 4xx, never a 500', async (scenario) => {
    const res = await server.app.request('/__jobkit/jobs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor: 'dakera', scenario }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(await res.json())).toContain(scenario);
  });
});
