import { describe, expect, it } from 'vitest';
import { SequenceChecker } from '../../src/rules/check.js';
import { getAt } from '../../src/util/pointer.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { firstBody } from '../helpers/fixtures.js';

/**
 * Names a server sends are looked up as own properties only: a status named after what every
 * object inherits ("toString", "constructor", "__proto__") is no state of any vendor.
 */
const registry = createRegistry();
const INHERITED = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];

/** A real body of the vendor with its status set to `status`. */
function withStatus(vendor: string, status: string): Record<string, unknown> {
  const body = structuredClone(firstBody(vendor));
  const tokens = registry.get(vendor).statusField.split('/').slice(1);
  let parent = body as Record<string, unknown>;
  for (const t of tokens.slice(0, -1)) parent = parent[t] as Record<string, unknown>;
  Object.defineProperty(parent, tokens.at(-1) as string, { value: status, enumerable: true, writable: true });
  return body;
}

describe.each(registry.names())('%s: inherited names as the status', (vendor) => {
  it.each(INHERITED)('"%s" fails status-known', (name) => {
    const checker = new SequenceChecker(registry.get(vendor), { schema: false });
    const found = checker.check(withStatus(vendor, name));
    expect(found.map((v) => v.rule)).toContain('status-known');
    expect(found.find((v) => v.rule === 'status-known')?.current).toBe(name);
  });

  it.each(INHERITED)('a transition from and to "%s" is checked, never a crash', (name) => {
    const v = registry.get(vendor);
    const real = firstBody(vendor);
    const known = getAt(real, v.statusField) as string;
    const from = new SequenceChecker(v, { schema: false });
    expect(from.check(withStatus(vendor, name)).map((x) => x.rule)).toContain('status-known');
    expect(() => from.check(real)).not.toThrow();
    const to = new SequenceChecker(v, { schema: false });
    expect(to.check(real).map((x) => x.rule)).not.toContain('status-known');
    const found = to.check(withStatus(vendor, name));
    expect(found.map((x) => x.rule)).toContain('status-known');
    expect(found.map((x) => x.rule)).not.toContain('transition-legal');
    expect(known).not.toBe(name);
  });
});

describe('the rule model of every built-in keeps own names only', () => {
  it.each(registry.names())('%s: reachable states are own entries', (vendor) => {
    const model = new SequenceChecker(registry.get(vendor)).model;
    for (const name of INHERITED) expect(Object.hasOwn(model.reachable, name)).toBe(false);
    expect(Object.keys(model.reachable).length).toBeGreaterThan(0);
  });
});
