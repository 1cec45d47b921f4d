import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/vendors/registry.js';
import { renderProblems } from '../../src/verify/render-check.js';
import { ROOT } from '../helpers/cli.js';

const registry = createRegistry({ roots: [join(ROOT, 'examples', 'vendors')] });

/** Built-ins are not checked at run time (serve's start-up is benchmarked): this test checks them. */
describe('the load self-check on the shipped vendors', () => {
  it.each(registry.names())('%s renders only bodies its own schema and rules accept', (name) => {
    const vendor = registry.get(name);
    const problems = renderProblems(vendor).map((p) => `${p.where}: ${p.text}`);
    expect(problems).toEqual([]);
  });

  it('covers the built-ins and the example vendor', () => {
    expect(registry.names()).toEqual(expect.arrayContaining(['acme', 'posthog', 'weaviate']));
    expect(registry.locate('acme')?.builtin).toBe(false);
  });
});
