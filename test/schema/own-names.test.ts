import { describe, expect, it } from 'vitest';
import { JobkitError } from '../../src/errors.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { firstBody, tempTree } from '../helpers/fixtures.js';

/** Schema names are own names of the vendor's bundle: none is inherited from Object.prototype. */
const registry = createRegistry();
const INHERITED = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

describe('schema names are own properties only', () => {
  it.each(registry.names().flatMap((v) => INHERITED.map((n) => [v, n])))(
    '%s --schema %s: an unknown schema, never "valid"',
    (vendor, name) => {
      const v = registry.get(vendor);
      expect(() => v.schemas.validator(name)).toThrow(JobkitError);
      expect(() => v.validate(firstBody(vendor), name)).toThrow(/has no schema named/);
      expect(v.schemas.names()).not.toContain(name);
    },
  );

  it('a schema file named like an inherited property is a schema like any other', () => {
    const tree = tempTree({
      'schemas/own/toString.json': {
        type: 'object',
        required: ['state'],
        properties: { state: { type: 'string' } },
      },
      'schemas/own/constructor.json': { type: 'object' },
      'mocks/own/lifecycle.json': {
        title: 'Own',
        schema: { root: 'toString' },
        status: {
          field: '/state',
          states: { queued: { initial: true }, done: { terminal: 'success' } },
          transitions: { queued: ['done'] },
        },
      },
    });
    try {
      const v = createRegistry({ roots: [tree.dir], builtins: false }).get('own');
      expect(v.schemas.names().sort()).toEqual(['constructor', 'toString']);
      expect(v.validate({ state: 'queued' }).valid).toBe(true);
      expect(v.validate({}).valid).toBe(false);
      expect(v.validate({}, 'constructor').valid).toBe(true);
    } finally {
      tree.cleanup();
    }
  });
});
