import { describe, expect, it } from 'vitest';
import { getAt } from '../../src/util/pointer.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli } from '../helpers/cli.js';
import { useTempTrees, VENDORS } from '../helpers/fixtures.js';

const files = useTempTrees();
const registry = createRegistry();
const lines = (text: string) => text.trimEnd().split('\n');

describe('jobkit fixtures', () => {
  it.each(VENDORS)('%s: every line passes jobkit validate --strict', async (vendor) => {
    const run = await cli(['fixtures', vendor, '--count', '2']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const bodies = lines(run.stdout);
    const dir = files({ 'fixtures.ndjson': run.stdout });
    const check = await cli(['validate', vendor, `${dir}/fixtures.ndjson`, '--strict']);
    expect(check.stdout).toContain(`${bodies.length} bodies checked against ${vendor}`);
    expect(check.stdout).toContain('all valid');
    expect(check.code).toBe(0);
  });

  it.each(VENDORS)('%s: the lines walk its jobs from the start to an end', async (vendor) => {
    const v = registry.get(vendor);
    const run = await cli(['fixtures', vendor]);
    const states = new Set(lines(run.stdout).map((l) => String(getAt(JSON.parse(l), v.statusField))));
    expect(v.states.some((s) => s.terminal && states.has(s.name))).toBe(true);
    expect(states.size).toBeGreaterThan(2);
  });

  it('--at-state keeps only the bodies in that state; --scenario only that scenario', async () => {
    const all = await cli(['fixtures', 'pinpoint', '--scenario', 'happy']);
    const done = await cli(['fixtures', 'pinpoint', '--scenario', 'happy', '--at-state', 'COMPLETED']);
    expect(done.code).toBe(0);
    const picked = lines(done.stdout).map((l) => JSON.parse(l));
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.every((b) => b.JobStatus === 'COMPLETED')).toBe(true);
    expect(lines(all.stdout).length).toBeGreaterThan(picked.length);
    const every = await cli(['fixtures', 'pinpoint']);
    expect(lines(every.stdout).length).toBeGreaterThan(lines(all.stdout).length);
  });

  it('the same options print the same lines; another seed or count prints others', async () => {
    const happy = ['fixtures', 'posthog', '--scenario', 'happy'];
    const a = await cli([...happy, '--seed', '3']);
    const b = await cli([...happy, '--seed', '3']);
    const c = await cli([...happy, '--seed', '4']);
    const twice = await cli([...happy, '--seed', '3', '--count', '2']);
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).not.toBe(a.stdout);
    expect(twice.stdout.startsWith(a.stdout)).toBe(true);
    expect(lines(twice.stdout).length).toBeGreaterThan(lines(a.stdout).length);
    const ids = new Set(lines(twice.stdout).map((l) => JSON.parse(l).id));
    expect(ids.size).toBe(2);
  });

  it('a user vendor from --vendors', async () => {
    const run = await cli(['fixtures', 'acme', '--vendors', 'examples/vendors']);
    expect(run.code).toBe(0);
    const dir = files({ 'acme.ndjson': run.stdout });
    const check = await cli([
      'validate',
      'acme',
      `${dir}/acme.ndjson`,
      '--strict',
      '--vendors',
      'examples/vendors',
    ]);
    expect(check.code).toBe(0);
  });

  it.each([
    [['fixtures'], /fixtures needs one vendor/],
    [['fixtures', 'posthog', '--count', '0'], /--count must be a whole number from 1 to 10000, not "0"/],
    [['fixtures', 'posthog', '--seed', '1.5'], /--seed must be a whole number/],
    [
      ['fixtures', 'posthog', '--scenario', 'nope'],
      /Vendor "posthog" has no scenario "nope"\. Its scenarios: happy/,
    ],
    [
      ['fixtures', 'posthog', '--at-state', 'Bogus'],
      /Vendor "posthog" has no state "Bogus"\. Its states: Starting/,
    ],
    [
      ['fixtures', 'posthog', '--scenario', 'happy', '--at-state', 'Failed'],
      /No job of scenario "happy" of posthog is ever in state "Failed"/,
    ],
  ])('%j: a usage error, exit 2', async (argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
