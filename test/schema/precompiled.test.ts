import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/schema/ajv.js';
import { loadSchemaBundle } from '../../src/schema/bundle.js';
import { compileBundle } from '../../src/schema/compile.js';
import { loadPrecompiled, precompiledDir, sourceHash } from '../../src/schema/precompiled.js';
import { version } from '../../src/version.js';
import { ROOT } from '../helpers/cli.js';
import { realBodies, tempTree, VENDORS } from '../helpers/fixtures.js';

/** The build's standalone validators (globalSetup ran it) must judge exactly as Ajv does at run time. */
describe.each(VENDORS)('precompiled %s', (vendor) => {
  const schemas = join(ROOT, 'schemas', vendor);
  const lifecycle = join(ROOT, 'mocks', vendor, 'lifecycle.json');
  const precompiled = loadPrecompiled(
    precompiledDir(ROOT),
    vendor,
    sourceHash(schemas, lifecycle, version()),
  );
  const runtime = compileBundle(() => createAjv(), vendor, loadSchemaBundle(vendor, schemas));
  const fast = compileBundle(() => createAjv(), vendor, loadSchemaBundle(vendor, schemas), precompiled);

  it('exists for every schema of the vendor', () => {
    expect(precompiled).toBeDefined();
    expect([...(precompiled?.keys() ?? [])].sort()).toEqual(runtime.names().sort());
  });

  it('gives the same verdicts and issues as run-time compilation', () => {
    const bodies: unknown[] = Object.values(realBodies(vendor));
    // Broken copies: every top-level field set to a wrong type, one at a time, and a few whole-body defects.
    for (const body of Object.values(realBodies(vendor))) {
      for (const key of Object.keys(body)) bodies.push({ ...body, [key]: { wrong: true } });
      bodies.push({ ...body, extra: 'x' }, null, [], 'text', 42);
    }
    for (const body of bodies) {
      for (const name of runtime.names())
        expect(fast.validate(name, body)).toEqual(runtime.validate(name, body));
    }
  });
});

describe('precompiled validators and edits', () => {
  it('an edited schema no longer matches its hash, so it is compiled at run time', () => {
    const tree = tempTree({
      'schemas/dakera/ImportJobStatus.json': { type: 'object' },
      'mocks/dakera/lifecycle.json': '{}',
    });
    try {
      const hash = sourceHash(
        join(tree.dir, 'schemas', 'dakera'),
        join(tree.dir, 'mocks', 'dakera', 'lifecycle.json'),
        version(),
      );
      expect(loadPrecompiled(precompiledDir(ROOT), 'dakera', hash)).toBeUndefined();
    } finally {
      tree.cleanup();
    }
  });
});
