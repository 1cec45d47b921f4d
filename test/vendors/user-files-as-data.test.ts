import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/contract/suite/load.js';
import { JobkitError } from '../../src/errors.js';
import { walkSchemas } from '../../src/schema/compile.js';
import { nestedQuantifier } from '../../src/schema/regex.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { useTempTrees } from '../helpers/fixtures.js';

const tempDir = useTempTrees();

const schema = (job: object = {}) => ({
  openapi: '3.1.0',
  components: {
    schemas: { Job: { type: 'object', properties: { state: { enum: ['queued', 'done'] } }, ...job } },
  },
});

const lifecycle = (overrides: object = {}) => ({
  title: 'Acme exports',
  schema: { root: 'Job' },
  status: {
    field: '/state',
    states: { queued: { initial: true }, done: { terminal: 'success' } },
    transitions: { queued: ['done'] },
  },
  ...overrides,
});

function loadError(files: Record<string, string | object>): JobkitError {
  try {
    createRegistry({ roots: [tempDir(files)], builtins: false }).get('acme');
  } catch (error) {
    expect(error).toBeInstanceOf(JobkitError);
    return error as JobkitError;
  }
  throw new Error('expected the vendor to fail loading');
}

describe('prototype names in user files are load errors naming file and pointer', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('%s as a schema property', (name) => {
    // JSON text, so __proto__ is an own key as JSON.parse makes it.
    const text = JSON.stringify(schema()).replace('"state":', `"${name}": {"type": "string"}, "state":`);
    const error = loadError({ 'schemas/acme/job.json': text, 'mocks/acme/lifecycle.json': lifecycle() });
    expect(error.message).toContain('job.json#/components/schemas/Job/properties/');
    expect(error.message).toContain(`"${name}" cannot be used as a name`);
  });

  it('an overlay targeting $.components.schemas.__proto__ leaves Object.prototype alone', () => {
    const overlay = {
      overlay: '1.0.0',
      actions: [{ target: '$.components.schemas.__proto__.polluted', update: { yes: true } }],
    };
    const error = loadError({
      'schemas/acme/job.json': schema(),
      'schemas/acme/overlay.json': overlay,
      'mocks/acme/lifecycle.json': lifecycle(),
    });
    expect(error.message).toContain('overlay.json#/actions/0/target');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).yes).toBeUndefined();
  });

  it('in a lifecycle file (YAML too)', () => {
    const error = loadError({
      'schemas/acme/job.json': schema(),
      'mocks/acme/lifecycle.yaml': 'title: Acme\nschema:\n  root: Job\nconstructor:\n  x: 1\n',
    });
    expect(error.message).toMatch(/lifecycle\.yaml#\/constructor: "constructor" cannot be used/);
  });

  it('in a suite', () => {
    const dir = tempDir({});
    const path = join(dir, 'suite.json');
    writeFileSync(path, '{"vendor": "dakera", "steps": [{"__proto__": {"x": 1}}]}');
    expect(() => loadSuite(path, createRegistry())).toThrow(/suite\.json#\/steps\/0\/__proto__/);
  });
});

describe('regular expressions that backtrack exponentially are refused at load', () => {
  it.each(['^(a+)+$', '(a*)*', '((ab)+c?)+', '(x{2,})*', '(?:a|\\d+)+$'])('%s', (pattern) => {
    expect(nestedQuantifier(pattern)).toBeDefined();
  });

  it.each(['^[a-z0-9_-]+$', '^(ab)+$', '(a+)b+', '^\\(a+\\)+$', '[(a+)]+', '(a{1,3})+', '^(a|b)*$'])(
    '%s is kept',
    (pattern) => {
      expect(nestedQuantifier(pattern)).toBeUndefined();
    },
  );

  it('a user schema with ^(a+)+$ fails to load, naming the pointer', () => {
    const error = loadError({
      'schemas/acme/job.json': schema({
        properties: { state: { enum: ['queued', 'done'] }, name: { type: 'string', pattern: '^(a+)+$' } },
      }),
      'mocks/acme/lifecycle.json': lifecycle(),
    });
    expect(error.message).toContain('job.json#/components/schemas/Job/properties/name/pattern');
  });

  it('and in patternProperties', () => {
    const error = loadError({
      'schemas/acme/job.json': schema({ patternProperties: { '^(x+)*$': { type: 'string' } } }),
      'mocks/acme/lifecycle.json': lifecycle(),
    });
    expect(error.message).toContain('exponential time');
  });

  it("the built-in vendors' patterns all load", () => {
    const registry = createRegistry();
    for (const name of registry.names()) {
      const { bundle } = registry.get(name).schemas;
      walkSchemas(bundle.document.$defs, '/$defs', (node) => {
        if (typeof node.pattern === 'string') expect(nestedQuantifier(node.pattern)).toBeUndefined();
      });
    }
  });
});
