import { describe, expect, it } from 'vitest';
import { printDeclarations } from '../../src/typegen/schema-ts.js';

const print = (defs: Record<string, unknown>, roots = ['Root']) =>
  printDeclarations({ document: { $defs: defs }, roots, nameOf: (d) => `X${d}` });

describe('the schema-to-TypeScript printer', () => {
  it('an object: required and optional keys, type lists, enums, consts, quoted names', () => {
    const text = print({
      Root: {
        type: 'object',
        required: ['id'],
        properties: {
          id: { type: 'string' },
          count: { type: ['integer', 'null'] },
          state: { enum: ['a', 'b'] },
          kind: { const: 'export' },
          'odd-name': { type: 'boolean' },
        },
      },
    });
    expect(text).toContain('export interface XRoot {');
    expect(text).toContain('  id: string;');
    expect(text).toContain('  count?: number | null;');
    expect(text).toContain('  state?: "a" | "b";');
    expect(text).toContain('  kind?: "export";');
    expect(text).toContain('  "odd-name"?: boolean;');
  });

  it('declares the schemas a root reaches, after it, once each; not the others', () => {
    const text = print({
      Root: {
        type: 'object',
        properties: { a: { $ref: '#/$defs/A' }, b: { allOf: [{ $ref: '#/$defs/A' }] } },
      },
      A: { type: 'string', enum: ['x'] },
      Unused: { type: 'string' },
    });
    expect(text).toContain('  a?: XA;');
    expect(text).toContain('  b?: XA;');
    expect(text.match(/export type XA = "x";/g)).toHaveLength(1);
    expect(text.indexOf('XRoot')).toBeLessThan(text.indexOf('export type XA'));
    expect(text).not.toContain('Unused');
  });

  it('arrays, tuples, unions and maps', () => {
    const text = print({
      Root: {
        type: 'object',
        properties: {
          list: { type: 'array', items: { type: ['string', 'null'] } },
          pair: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'string' }], items: false },
          either: { oneOf: [{ type: 'string' }, { type: 'object', properties: { n: { type: 'number' } } }] },
          map: { type: 'object', additionalProperties: { type: 'integer' } },
          open: { type: 'object' },
          anything: {},
        },
      },
    });
    expect(text).toContain('  list?: (string | null)[];');
    expect(text).toContain('  pair?: [number, string];');
    expect(text).toMatch(/ {2}either\?: string \| \{\n {4}n\?: number;\n {2}\};/);
    expect(text).toMatch(/ {2}map\?: \{\n {4}\[key: string\]: number;\n {2}\};/);
    expect(text).toContain('  open?: Record<string, unknown>;');
    expect(text).toContain('  anything?: unknown;');
  });

  it('an object with no additionalProperties gets no index signature: a misspelt key stays an error', () => {
    const text = print({ Root: { type: 'object', properties: { a: { type: 'string' } } } });
    expect(text).not.toContain('[key: string]');
  });

  it('descriptions become doc comments that cannot close early', () => {
    const text = print({ Root: { type: 'string', description: 'a */ b\n\nc' } });
    expect(text).toBe('/**\n * a *\\/ b\n *\n * c\n */\nexport type XRoot = string;');
  });
});
