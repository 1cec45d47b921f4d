import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindHooks, HOOKS, hookKinds } from '../../src/mock/hooks.js';
import { createAjv } from '../../src/schema/ajv.js';
import { toIssues } from '../../src/schema/issues.js';
import { ROOT } from '../helpers/cli.js';

const read = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const validate = createAjv().compile(read('mocks/lifecycle.schema.json'));

/** Weaviate's lifecycle file with its create route's `create` section replaced by `edit`'s. */
function weaviateWith(edit: (create: Record<string, unknown>) => void) {
  const file = read('mocks/weaviate/lifecycle.json');
  const route = file.api.routes.find((r: { action: string }) => r.action === 'create');
  edit(route.create);
  return file;
}

describe('create hooks in the lifecycle file', () => {
  it('the built-in files name their hooks and pass the schema', () => {
    for (const vendor of ['posthog', 'weaviate']) {
      const file = read(`mocks/${vendor}/lifecycle.json`);
      expect(validate(file), JSON.stringify(toIssues(validate.errors, file))).toBe(true);
      const named = file.api.routes.flatMap((r: { create?: { hooks?: object } }) =>
        Object.keys(r.create?.hooks ?? {}),
      );
      expect(named.length, vendor).toBeGreaterThan(0);
      for (const name of named) expect(Object.keys(HOOKS)).toContain(name);
    }
  });

  it.each([
    [
      'an unknown hook name',
      (c: Record<string, unknown>) => Object.assign(c, { hooks: { 'two-active': {} } }),
    ],
    ['the old oneActive option', (c: Record<string, unknown>) => Object.assign(c, { oneActive: 'busy' })],
    ['a count that is not a number', (c: Record<string, unknown>) => Object.assign(c, { count: { max: 2 } })],
    [
      'a hook without its options',
      (c: Record<string, unknown>) => Object.assign(c, { hooks: { 'respond-as': {} } }),
    ],
  ])('%s is a load error', (_what, edit) => {
    const file = weaviateWith(edit);
    expect(validate(file)).toBe(false);
    const issues = toIssues(validate.errors, file);
    expect(issues.some((i) => i.pointer.startsWith('/api/routes/'))).toBe(true);
  });
});

describe('hooks', () => {
  it('hourly-runs: one job per started hour, at most max, each with its interval', () => {
    const [hook] = bindHooks({ 'hourly-runs': { from: '/a', to: '/b', max: 3 } });
    const plan = hook?.jobs?.({ a: '2026-01-01T10:30:00Z', b: '2026-01-01T12:10:00Z' });
    expect(plan?.count).toBe(2);
    expect(plan?.params(1)).toEqual({
      interval_start: '2026-01-01T11:00:00Z',
      interval_end: '2026-01-01T12:00:00Z',
    });
    expect(hook?.jobs?.({ a: '2026-01-01T00:00:00Z', b: '2026-01-02T00:00:00Z' })?.count).toBe(3);
    const unreadable = hook?.jobs?.({ a: 'soon' });
    expect(unreadable?.count).toBe(1);
    expect(unreadable?.params(0)).toEqual({});
  });

  it('one-active adds the conflict kind; the others add none', () => {
    expect(hookKinds({ 'one-active': { message: 'busy' } })).toEqual(['conflict']);
    expect(hookKinds({ 'respond-as': { state: 'STARTED' } })).toEqual([]);
    expect(hookKinds(undefined)).toEqual([]);
  });

  it('each binding keeps its own active jobs', () => {
    const [a] = bindHooks({ 'one-active': { message: 'busy' } });
    const [b] = bindHooks({ 'one-active': { message: 'busy' } });
    const vendor = { snapshot: () => ({ terminal: undefined }) } as never;
    a?.created?.([{ id: 'x' } as never]);
    expect(a?.refuse?.(vendor, 0, () => true)).toBe('busy');
    expect(b?.refuse?.(vendor, 0, () => true)).toBeUndefined();
    // A job the store forgot is no longer active.
    expect(a?.refuse?.(vendor, 0, () => false)).toBeUndefined();
  });
});
