import { describe, expect, it } from 'vitest';
import { checkSequence } from '../../src/contract/check-sequence.js';
import { JobkitError } from '../../src/errors.js';
import { ruleModel } from '../../src/rules/model.js';
import { strictIssues } from '../../src/rules/strict.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { useTempTrees } from '../helpers/fixtures.js';

const tempDir = useTempTrees();

/** An operation in the shape of google.longrunning.Operation: no status field. */
const schema = {
  openapi: '3.1.0',
  components: {
    schemas: {
      Operation: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          done: { type: 'boolean' },
          error: {
            type: 'object',
            properties: { code: { type: 'integer' }, message: { type: 'string' } },
          },
          response: { type: 'object' },
        },
      },
    },
  },
};

const done = { equals: { '/done': true } };
const derive = () => [
  { state: 'cancelled', when: { all: [done, { equals: { '/error/code': 1 } }] } },
  { state: 'failed', when: { all: [done, { present: '/error' }] } },
  { state: 'succeeded', when: done },
  { state: 'running', when: { not: done } },
];

const lifecycle = (status: object = {}, rest: object = {}) => ({
  title: 'Acme operations',
  schema: { root: 'Operation' },
  status: {
    derive: derive(),
    states: {
      running: { initial: true },
      succeeded: { terminal: 'success' },
      failed: { terminal: 'failure' },
      cancelled: { terminal: 'cancelled' },
    },
    transitions: { running: ['succeeded', 'failed', 'cancelled'] },
    ...status,
  },
  ...rest,
});

function load(file: object) {
  return createRegistry({
    roots: [tempDir({ 'schemas/acme/op.json': schema, 'mocks/acme/lifecycle.json': file })],
    builtins: false,
  }).get('acme');
}

function loadError(file: object): JobkitError {
  try {
    load(file);
  } catch (error) {
    expect(error).toBeInstanceOf(JobkitError);
    return error as JobkitError;
  }
  throw new Error('expected the vendor to fail loading');
}

describe('a derived status (status.derive)', () => {
  it('reads the state of a body from the first entry whose condition holds', () => {
    const vendor = load(lifecycle());
    expect(vendor.statusField).toBe('');
    expect(vendor.readStatus({ name: 'operations/1' })).toBe('running');
    expect(vendor.readStatus({ name: 'operations/1', done: false })).toBe('running');
    expect(vendor.readStatus({ done: true, response: {} })).toBe('succeeded');
    expect(vendor.readStatus({ done: true, error: { code: 3, message: 'bad' } })).toBe('failed');
    expect(vendor.readStatus({ done: true, error: { code: 1, message: 'stop' } })).toBe('cancelled');
    // An error on a running operation is not an ending: done says when it is over.
    expect(vendor.readStatus({ error: { code: 1 } })).toBe('running');
    expect(vendor.readStatus('not a body')).toBeUndefined();
  });

  it('compares whole JSON values, whatever the order of their keys', () => {
    const vendor = load(
      lifecycle({
        derive: [{ state: 'failed', when: { equals: { '/error': { message: 'x', code: 2 } } } }, ...derive()],
      }),
    );
    expect(vendor.readStatus({ error: { code: 2, message: 'x' } })).toBe('failed');
    expect(vendor.readStatus({ error: { code: 2, message: 'x', details: [] } })).toBe('running');
  });

  it('checks a sequence of operation bodies to its terminal state', () => {
    const vendor = load(lifecycle());
    const result = checkSequence(vendor, [
      { name: 'operations/1' },
      { name: 'operations/1', done: false },
      { name: 'operations/1', done: true, response: {} },
    ]);
    expect(result.violations).toEqual([]);
    expect(result.states).toEqual(['running', 'succeeded']);
  });

  it('flags a body that leaves its terminal state, at the body', () => {
    const vendor = load(lifecycle());
    const result = checkSequence(vendor, [{ done: true, response: {} }, { name: 'operations/1' }]);
    expect(result.violations.map((v) => [v.rule, v.pointer])).toEqual([['terminal-final', '']]);
  });

  it('reports a body that derives to no state as one with no status', () => {
    const running = { state: 'running', when: { all: [{ present: '/name' }, { not: done }] } };
    const vendor = load(lifecycle({ derive: [...derive().slice(0, 3), running] }));
    expect(vendor.readStatus({})).toBeUndefined();
    const issues = strictIssues(ruleModel(vendor), {});
    expect(issues.map((i) => [i.rule, i.pointer, i.message])).toEqual([
      [
        'status-known',
        '',
        'no status: not one of the states of acme (running, succeeded, failed, cancelled)',
      ],
    ]);
  });
});

describe('a derived status that does not load names its pointer', () => {
  it.each([
    [
      'an entry naming an undeclared state',
      { derive: [...derive(), { state: 'lost', when: 'always' }] },
      '/status/derive/4/state',
    ],
    [
      'a condition that reads the job',
      { derive: [{ state: 'succeeded', when: 'terminal' }, ...derive()] },
      '/status/derive/0/when',
    ],
    [
      'a nested condition that reads the job',
      { derive: [{ state: 'failed', when: { all: [done, { states: ['failed'] }] } }, ...derive()] },
      '/status/derive/0/when',
    ],
    [
      'a state no entry derives',
      { derive: derive().filter((d) => d.state !== 'cancelled') },
      '/status/derive',
    ],
    ['neither a field nor a derive list', { derive: undefined }, '/status'],
  ])('%s', (_what, status, pointer) => {
    const error = loadError(lifecycle(status));
    expect(error.code).toBe('lifecycle-load');
    expect(error.pointer).toBe(pointer);
    expect(error.message).toContain(`#${pointer}: `);
  });

  it('a named condition that reads the job, used in derive', () => {
    const error = loadError(
      lifecycle(
        { derive: [{ state: 'succeeded', when: 'over' }, ...derive()] },
        { conditions: { over: { any: ['terminal'] } } },
      ),
    );
    expect(error.pointer).toBe('/status/derive/0/when');
    expect(error.message).toContain('"terminal" reads the job');
  });

  it('a body condition in a field, where the body is being written', () => {
    const error = loadError(
      lifecycle({}, { body: { done: { from: 'const', value: true, when: { present: '/done' } } } }),
    );
    expect(error.pointer).toBe('/body/done/when');
    expect(error.message).toContain('"present" reads the body');
  });

  it('both a field and a derive list', () => {
    const error = loadError(lifecycle({ field: '/name' }));
    expect(error.code).toBe('lifecycle-load');
    expect(error.pointer).toBe('/status');
  });

  it('a malformed body condition is a schema error at its pointer', () => {
    const error = loadError(
      lifecycle({ derive: [{ state: 'running', when: { present: 'done' } }, ...derive()] }),
    );
    expect(error.code).toBe('lifecycle-load');
    expect(error.pointer).toMatch(/^\/status\/derive\/0\/when/);
  });
});
