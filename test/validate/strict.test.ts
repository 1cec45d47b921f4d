import { afterAll, describe, expect, it } from 'vitest';
import { SequenceChecker } from '../../src/rules/check.js';
import { getAt } from '../../src/util/pointer.js';
import { validate } from '../../src/validate/body.js';
import { createRegistry, type Vendor } from '../../src/vendors/registry.js';
import { cli } from '../helpers/cli.js';
import { realBodies, tempTree, useTempTrees } from '../helpers/fixtures.js';
import { simpleStatus } from '../helpers/own-vendor.js';
import { render } from '../model/sequences.js';

const registry = createRegistry();
const files = useTempTrees();

/** Every body the mock sends along every scenario of the vendor. */
function mockBodies(vendor: Vendor): Record<string, unknown>[] {
  return Object.keys(vendor.lifecycle.mock?.scenarios ?? {}).flatMap(
    (scenario) => render(vendor, { scenario, seed: 7, inside: [0.5] }).bodies,
  );
}

const rulesOf = (vendor: Vendor | string, body: unknown) =>
  validate(vendor, body, { strict: true }).issues.map((i) => i.rule ?? i.keyword);

describe.each(registry.names())('validate --strict: %s', (name) => {
  const vendor = registry.get(name);
  const model = new SequenceChecker(vendor).model;

  it('strict-valid: the real bodies and every body the mock sends', () => {
    for (const [label, body] of Object.entries(realBodies(name)))
      expect(validate(name, body, { strict: true }).issues, label).toEqual([]);
    const bodies = mockBodies(vendor);
    expect(bodies.length).toBeGreaterThan(3);
    for (const body of bodies) expect(validate(vendor, body, { strict: true }).issues).toEqual([]);
  });

  it('strict-invalid: {} has no known status, with the states expected', () => {
    const { valid, issues } = validate(name, {}, { strict: true });
    expect(valid).toBe(false);
    expect(issues).toContainEqual(
      expect.objectContaining({
        pointer: vendor.statusField,
        rule: 'status-known',
        expected: Object.keys(model.states),
      }),
    );
  });

  it.each(['RUNNING?', 'toString'])('strict-invalid: status %s is no state', (status) => {
    const body = structuredClone(mockBodies(vendor)[0] as Record<string, unknown>);
    const tokens = vendor.statusField.split('/').slice(1);
    (getAt(body, tokens.slice(0, -1)) as Record<string, unknown>)[tokens.at(-1) as string] = status;
    expect(rulesOf(vendor, body)).toContain('status-known');
    expect(
      validate(vendor, body, { strict: true }).issues.find((i) => i.rule === 'status-known')?.received,
    ).toBe(status);
  });

  it('strict-invalid: a terminal body without its finished time', () => {
    const finished = model.finished[0];
    if (!finished) return;
    const terminal = mockBodies(vendor).find((b) => {
      const state = getAt(b, model.paths.status) as string;
      return model.states[state]?.terminal !== undefined && !finished.unsetAllowedIn.has(state);
    });
    expect(terminal).toBeDefined();
    const body = structuredClone(terminal) as Record<string, unknown>;
    const parent = getAt(body, finished.tokens.slice(0, -1)) as Record<string, unknown>;
    delete parent[finished.tokens.at(-1) as string];
    expect(rulesOf(vendor, body)).toContain('finished-when-terminal');
    // Without --strict a loose schema lets it through; with it, never.
    expect(validate(vendor, body, { strict: true }).valid).toBe(false);
  });

  it('strict-invalid: a failed body without its error, where the vendor declares one', () => {
    for (const field of model.errors) {
      const failed = mockBodies(vendor).find((b) => field.setIn.has(getAt(b, model.paths.status) as string));
      expect(failed, `${name}: a failed body the mock sends`).toBeDefined();
      const body = structuredClone(failed) as Record<string, unknown>;
      const parent = getAt(body, field.tokens.slice(0, -1)) as Record<string, unknown>;
      parent[field.tokens.at(-1) as string] = field.unset ?? null;
      const issues = validate(vendor, body, { strict: true }).issues;
      expect(issues).toContainEqual(
        expect.objectContaining({ rule: 'error-when-failed', pointer: field.pointer }),
      );
    }
  });
});

describe('validate --strict: what each built-in demands', () => {
  it('PostHog and FullStory declare an error for failures; PostHog exempts its cancel endpoint', () => {
    const errors = (name: string) => new SequenceChecker(registry.get(name)).model.errors;
    expect(errors('fullstory').map((f) => [f.pointer, [...f.setIn]])).toEqual([
      ['/errorDetails', ['FAILED']],
    ]);
    expect(errors('posthog').map((f) => f.pointer)).toEqual(['/latest_error']);
    expect(errors('posthog')[0]?.setIn.has('Cancelled')).toBe(false);
    expect(errors('weaviate')).toEqual([]);
  });
});

describe('validate --strict: a per-state time', () => {
  const tree = tempTree({
    'schemas/own/Job.json': { type: 'object', properties: { state: { type: 'string' } } },
    'mocks/own/lifecycle.json': {
      title: 'Own',
      schema: { root: 'Job' },
      status: simpleStatus(),
      body: {
        state: { from: 'state' },
        ran: { from: 'time.entered:running', format: 'iso' },
        began: { from: 'time.began', format: 'iso', when: 'started' },
      },
    },
  });
  afterAll(() => tree.cleanup());
  const vendor = createRegistry({ roots: [tree.dir], builtins: false }).get('own');
  const T = '2026-03-01T10:00:00.000Z';

  it('a when-less per-state time is required in its state', () => {
    expect(rulesOf(vendor, { state: 'running' })).toEqual(['state-time']);
    expect(rulesOf(vendor, { state: 'running', ran: T })).toEqual([]);
    expect(rulesOf(vendor, { state: 'queued' })).toEqual([]);
  });

  it('one with a when may be unset; one set too early is reported', () => {
    expect(rulesOf(vendor, { state: 'running', ran: T })).toEqual([]);
    expect(rulesOf(vendor, { state: 'queued', ran: T })).toEqual(['state-time']);
  });
});

describe('jobkit validate --strict', () => {
  it('{} passes a loose schema but not --strict; issues are data in JSON', async () => {
    const dir = files({ 'empty.json': {} });
    const loose = await cli(['validate', 'fullstory', `${dir}/empty.json`]);
    expect(loose.code).toBe(0);
    const strict = await cli(['validate', 'fullstory', `${dir}/empty.json`, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/\/state\s+no status: not one of the states of fullstory/);
    expect(strict.stdout).toMatch(/1 body checked against fullstory Operation \(strict\) · 1 invalid/);
    const json = await cli(['validate', 'fullstory', `${dir}/empty.json`, '--strict', '--format', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report.failures[0].issues[0]).toMatchObject({
      pointer: '/state',
      rule: 'status-known',
      keyword: 'status-known',
      expected: ['PENDING', 'COMPLETED', 'FAILED'],
    });
  });

  it.each(registry.names())('%s: the real bodies pass --strict', async (name) => {
    const dir = files({ 'bodies.json': Object.values(realBodies(name)) });
    const run = await cli(['validate', name, `${dir}/bodies.json`, '--strict']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('--strict with another --schema is a usage error (exit 2)', async () => {
    const dir = files({ 'page.json': { results: [] } });
    const run = await cli([
      'validate',
      'posthog',
      `${dir}/page.json`,
      '--strict',
      '--schema',
      'PaginatedBatchExportRunList',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--strict checks status bodies');
  });
});
