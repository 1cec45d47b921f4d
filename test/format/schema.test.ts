import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ROOT } from '../../src/paths.js';
import { isObject } from '../../src/util/json.js';

const SCHEMAS = ['mocks/lifecycle.schema.json', 'contracts/suite.schema.json'];

/** Every key a user can write (a property or a $defs entry), by pointer, with its schema node. */
function keys(node: unknown, pointer = ''): [string, Record<string, unknown>][] {
  if (Array.isArray(node)) return node.flatMap((n, i) => keys(n, `${pointer}/${i}`));
  if (!isObject(node)) return [];
  const out: [string, Record<string, unknown>][] = [];
  for (const [word, value] of Object.entries(node)) {
    if ((word === 'properties' || word === '$defs') && isObject(value)) {
      for (const [name, child] of Object.entries(value)) {
        const at = `${pointer}/${word}/${name}`;
        if (isObject(child)) out.push([at, child], ...keys(child, at));
      }
    } else if (['items', 'prefixItems', 'additionalProperties', 'oneOf', 'not'].includes(word)) {
      out.push(...keys(value, `${pointer}/${word}`));
    }
  }
  return out;
}

describe.each(SCHEMAS)('%s', (path) => {
  const schema = JSON.parse(readFileSync(join(BUILTIN_ROOT, path), 'utf8')) as Record<string, unknown>;
  const all = keys(schema);

  it('describes every key', () => {
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter(([, node]) => typeof node.description !== 'string').map(([p]) => p)).toEqual([]);
  });

  it('gives examples that its own rules accept', () => {
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(schema);
    const withExamples = all.filter(([, node]) => Array.isArray(node.examples));
    expect(withExamples.length).toBeGreaterThan(20);
    for (const [pointer, node] of withExamples) {
      const validate = ajv.getSchema(`${schema.$id as string}#${pointer}`);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      for (const example of node.examples as unknown[]) {
        expect(validate(example), `${pointer}: ${JSON.stringify(example)}`).toBe(true);
      }
    }
  });
});
