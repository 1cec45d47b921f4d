import { describe, expect, it } from 'vitest';
import { JobkitError } from '../../src/errors.js';
import type { FieldSpec, VendorFile } from '../../src/format/types.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { loadVendors } from '../../src/verify/load.js';
import { renderProblems, verifyUserVendor } from '../../src/verify/render-check.js';
import { useTempTrees } from '../helpers/fixtures.js';
import { simpleStatus } from '../helpers/own-vendor.js';

const tempDir = useTempTrees();

/** The status body's schema as an OpenAPI document, so errors must name its own file and pointer. */
function openapi(properties: Record<string, object>, required = ['id', 'state']): string {
  return JSON.stringify({
    openapi: '3.1.0',
    info: { title: 'Own', version: '1' },
    paths: {},
    components: { schemas: { Job: { type: 'object', required, properties } } },
  });
}

const GOOD_SCHEMA = {
  id: { type: 'string' },
  state: { enum: ['queued', 'running', 'done', 'failed'] },
  created_at: { type: 'string', format: 'date-time' },
  finished_at: { type: ['string', 'null'], format: 'date-time' },
  progress: { type: 'number', minimum: 0, maximum: 100 },
};

const GOOD_BODY: Record<string, FieldSpec> = {
  id: { from: 'id' },
  state: { from: 'state' },
  created_at: { from: 'time.created' },
  finished_at: { from: 'time.finished', when: 'terminal', unset: null },
  progress: { from: 'progress' },
};

function vendorFile(body: Record<string, FieldSpec>): VendorFile {
  return {
    title: 'Own jobs',
    schema: { root: 'Job' },
    status: simpleStatus(),
    body,
    mock: {
      id: 'job_{{alnum:8}}',
      work: { total: [100, 1000] },
      scenarios: {
        happy: {
          description: 'Queued, runs, done.',
          steps: [
            { state: 'queued', ms: [1000, 2000] },
            { state: 'running', ms: [4000, 8000], progress: [0, 1] },
            { state: 'done' },
          ],
        },
        failure: {
          description: 'Fails half-way.',
          steps: [
            { state: 'queued', ms: [1000, 2000] },
            { state: 'running', ms: [2000, 4000], progress: [0, 0.5] },
            { state: 'failed' },
          ],
          error: 'it broke',
        },
      },
      controls: { complete: { state: 'done' }, fail: { state: 'failed', error: 'failed by the admin' } },
    },
  } as VendorFile;
}

function ownRoot(options: { schema?: Record<string, object>; body?: Record<string, FieldSpec> } = {}) {
  return tempDir({
    'schemas/own/openapi.json': openapi(options.schema ?? GOOD_SCHEMA),
    'mocks/own/lifecycle.json': vendorFile(options.body ?? GOOD_BODY),
  });
}

function loadError(root: string): string {
  try {
    createRegistry({ roots: [root], builtins: false, verify: verifyUserVendor }).get('own');
  } catch (error) {
    expect(error).toBeInstanceOf(JobkitError);
    expect((error as JobkitError).code).toBe('lifecycle-load');
    return (error as Error).message;
  }
  throw new Error('expected the vendor to fail its load self-check');
}

describe('the load self-check', () => {
  it('passes an own vendor whose bodies agree with its schema and rules', () => {
    const registry = createRegistry({ roots: [ownRoot()], builtins: false, verify: verifyUserVendor });
    expect(registry.get('own').name).toBe('own');
    expect(renderProblems(registry.get('own'))).toEqual([]);
  });

  it('names the scenario, moment, pointer, value and the schema file and pointer of a scale mismatch', () => {
    const root = ownRoot({
      schema: { ...GOOD_SCHEMA, progress: { type: 'number', minimum: 0, maximum: 1 } },
    });
    const message = loadError(root);
    expect(message).toContain('Failed to load vendor "own"');
    expect(message).toMatch(
      /mocks\/own\/lifecycle\.json: scenario happy at [^:]+: \/progress renders [\d.]+ but \S*schemas\/own\/openapi\.json#\/components\/schemas\/Job\/properties\/progress has maximum 1\n/,
    );
  });

  it('reports a null in a field the schema does not let be null', () => {
    const root = ownRoot({
      schema: { ...GOOD_SCHEMA, finished_at: { type: 'string', format: 'date-time' } },
    });
    expect(loadError(root)).toMatch(
      /scenario happy at 0%: \/finished_at renders null but \S*openapi\.json#\/components\/schemas\/Job\/properties\/finished_at has type "string"/,
    );
  });

  it("runs the sequence through the vendor's own checker: a created time set only while active", () => {
    const root = ownRoot({ body: { ...GOOD_BODY, created_at: { from: 'time.created', when: 'active' } } });
    expect(loadError(root)).toMatch(
      /scenario \w+ at [^:]+: the vendor's own checker reports created-constant at \/created_at: /,
    );
  });

  it('reports a finished time set before the job is terminal', () => {
    const root = ownRoot({
      body: { ...GOOD_BODY, finished_at: { from: 'time.finished', fallback: { from: 'time.created' } } },
    });
    expect(loadError(root)).toMatch(
      /the vendor's own checker reports finished-when-terminal at \/finished_at: /,
    );
  });

  it('lists the first few problems and says how many more there are', () => {
    const wrong = { type: 'boolean' };
    const schema = {
      id: wrong,
      state: GOOD_SCHEMA.state,
      created_at: wrong,
      finished_at: wrong,
      progress: wrong,
    };
    const body = { ...GOOD_BODY, a: { from: 'id' }, b: { from: 'id' }, c: { from: 'id' } } as Record<
      string,
      FieldSpec
    >;
    const message = loadError(ownRoot({ schema: { ...schema, a: wrong, b: wrong, c: wrong }, body }));
    const lines = message.split('\n').filter((l) => l.includes('mocks/own/lifecycle.json: scenario'));
    expect(lines).toHaveLength(5);
    expect(message).toMatch(/… and \d+ more problems?\./);
  });

  it('checks the bodies after each control, a cancel through its transit state included', () => {
    const file = vendorFile(GOOD_BODY);
    file.status.states.cancelling = {};
    file.status.states.cancelled = { terminal: 'cancelled' };
    file.status.transitions = {
      queued: ['running', 'failed', 'cancelling'],
      running: ['done', 'failed', 'cancelling'],
      cancelling: ['cancelled'],
    };
    (file.mock as NonNullable<VendorFile['mock']>).controls.cancel = {
      state: 'cancelled',
      via: { state: 'cancelling', ms: [500, 1000] },
      error: 'cancelled by the user',
    };
    // The schema refuses the transit state (no enum, so the load's status check lets it through)
    // and an error as long as the cancel's: only the control's bodies can show either.
    const schema = {
      ...GOOD_SCHEMA,
      state: { type: 'string', not: { const: 'cancelling' } },
      error: { type: 'string', maxLength: 12 },
    };
    file.body = { ...GOOD_BODY, error: { from: 'error', when: 'cancelled' } };
    const root = tempDir({ 'schemas/own/openapi.json': openapi(schema), 'mocks/own/lifecycle.json': file });
    const message = loadError(root);
    expect(message).toMatch(
      /scenario happy with cancel at 0%, in its answer: \/state renders "cancelling" but/,
    );
    expect(message).toMatch(
      /with cancel at 0%, once cancelled: \/error renders "cancelled by the user" but \S*#\/components\/schemas\/Job\/properties\/error has maxLength 12/,
    );
  });

  it("honours the vendor's own rule settings: a rule switched off is not reported", () => {
    const schema = { ...GOOD_SCHEMA, progress: { type: 'number', maximum: 1 } };
    const file = { ...vendorFile(GOOD_BODY), rules: { schema: { off: true } } };
    const root = tempDir({ 'schemas/own/openapi.json': openapi(schema), 'mocks/own/lifecycle.json': file });
    const registry = createRegistry({ roots: [root], builtins: false, verify: verifyUserVendor });
    expect(registry.get('own').name).toBe('own');
  });

  it('runs once per vendor, on first get, and a failed check fails every get', () => {
    let runs = 0;
    const registry = createRegistry({ roots: [ownRoot()], builtins: false, verify: () => void runs++ });
    registry.get('own');
    registry.get('own');
    expect(runs).toBe(1);
    const broken = createRegistry({
      roots: [ownRoot({ schema: { ...GOOD_SCHEMA, progress: { type: 'number', maximum: 1 } } })],
      builtins: false,
      verify: verifyUserVendor,
    });
    expect(() => broken.get('own')).toThrow(/has maximum 1/);
    expect(() => broken.get('own')).toThrow(/has maximum 1/);
  });

  it('is run by loadVendors on user vendors, not without it by a bare registry', () => {
    const root = ownRoot({ schema: { ...GOOD_SCHEMA, progress: { type: 'number', maximum: 1 } } });
    expect(createRegistry({ roots: [root], builtins: false }).get('own').name).toBe('own');
    expect(() => loadVendors({ dirs: [root] }).get('own')).toThrow(/has maximum 1/);
    expect(loadVendors({ dirs: [root] }).get('posthog').name).toBe('posthog');
  });
});
