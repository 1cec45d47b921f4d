import { describe, expect, it } from 'vitest';
import { type Dialect, detectDialect, normalizeSchema } from '../../src/schema/dialect.js';

const normalize = (schema: unknown, dialect: Dialect = 'json-schema') =>
  normalizeSchema(structuredClone(schema), '', { dialect, rewriteRef: (ref) => `rewritten:${ref}` });

describe('detectDialect', () => {
  it.each([
    [{ swagger: '2.0' }, 'swagger-2.0'],
    [{ openapi: '3.0.3' }, 'openapi-3.0'],
    [{ openapi: '3.1.0' }, 'openapi-3.1'],
    [{ $schema: 'https://json-schema.org/draft/2020-12/schema' }, 'json-schema'],
  ])('%j is %s', (doc, dialect) => {
    expect(detectDialect(doc)).toBe(dialect);
  });
});

describe('normalizeSchema', () => {
  it.each<[string, unknown, unknown, Dialect?]>([
    ['nullable adds null to type', { type: 'integer', nullable: true }, { type: ['integer', 'null'] }],
    ['nullable false is dropped', { type: 'string', nullable: false }, { type: 'string' }],
    [
      'nullable adds null to an enum',
      { type: 'string', enum: ['a'], nullable: true },
      { type: ['string', 'null'], enum: ['a', null] },
    ],
    [
      'nullable on a type list',
      { type: ['string', 'integer'], nullable: true },
      { type: ['string', 'integer', 'null'] },
    ],
    [
      'nullable allOf-$ref (drf-spectacular) becomes anyOf with null, annotations outside',
      { allOf: [{ $ref: '#/x' }], description: 'd', nullable: true },
      { description: 'd', anyOf: [{ allOf: [{ $ref: 'rewritten:#/x' }] }, { type: 'null' }] },
    ],
    [
      'Swagger x-nullable',
      { type: 'string', 'x-nullable': true },
      { type: ['string', 'null'] },
      'swagger-2.0',
    ],
    ['x- extensions are dropped', { type: 'string', 'x-go-name': 'ID' }, { type: 'string' }],
    [
      'boolean exclusiveMinimum (draft-04 / OAS 3.0)',
      { type: 'number', minimum: 0, exclusiveMinimum: true },
      { type: 'number', exclusiveMinimum: 0 },
    ],
    [
      'false exclusiveMaximum',
      { type: 'number', maximum: 5, exclusiveMaximum: false },
      { type: 'number', maximum: 5 },
    ],
    [
      'tuple items become prefixItems',
      { type: 'array', items: [{ type: 'string' }] },
      { type: 'array', prefixItems: [{ type: 'string' }] },
    ],
    ['refs are rewritten', { $ref: '#/definitions/A' }, { $ref: 'rewritten:#/definitions/A' }, 'swagger-2.0'],
    [
      'OAS 3.0 ignores $ref siblings',
      { $ref: '#/a', type: 'string', description: 'kept' },
      { $ref: 'rewritten:#/a', description: 'kept' },
      'openapi-3.0',
    ],
    [
      '2020-12 keeps $ref siblings',
      { $ref: '#/a', type: 'string' },
      { $ref: 'rewritten:#/a', type: 'string' },
    ],
    [
      'readOnly and example survive',
      { type: 'string', readOnly: true, example: 'x' },
      { type: 'string', readOnly: true, example: 'x' },
    ],
    [
      'walks into properties, items and map values, not into property names',
      {
        type: 'object',
        properties: { nullable: { type: 'string', nullable: true } },
        additionalProperties: { additionalProperties: { $ref: '#/p' } },
      },
      {
        type: 'object',
        properties: { nullable: { type: ['string', 'null'] } },
        additionalProperties: { additionalProperties: { $ref: 'rewritten:#/p' } },
      },
    ],
  ])('%s', (_name, input, output, dialect) => {
    expect(normalize(input, dialect)).toEqual(output);
  });

  it('reports every format it meets, with its pointer', () => {
    const seen: [string, string][] = [];
    normalizeSchema({ properties: { a: { type: 'integer', format: 'int64' } } }, '', {
      dialect: 'json-schema',
      rewriteRef: (r) => r,
      onFormat: (format, pointer) => seen.push([format, pointer]),
    });
    expect(seen).toEqual([['int64', '/properties/a/format']]);
  });
});
