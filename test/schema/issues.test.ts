import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/schema/ajv.js';
import { toIssues } from '../../src/schema/issues.js';

const ajv = createAjv();
const issues = (schema: object, body: unknown) => {
  const validate = ajv.compile(schema);
  expect(validate(body)).toBe(false);
  return toIssues(validate.errors, body).map((i) => `${i.pointer || '(body)'} ${i.keyword}: ${i.message}`);
};

describe('toIssues', () => {
  it('an anyOf no branch gets into is one line listing what each branch expects', () => {
    expect(issues({ anyOf: [{ enum: ['a', 'b'] }, { const: 5 }] }, 'c')).toEqual([
      '(body) anyOf: must be one of a, b or 5; got "c"',
    ]);
  });

  it('lists only the branches at its own place when the same anyOf fails at several', () => {
    const schema = { type: 'array', items: { anyOf: [{ enum: ['a'] }, { const: 1 }] } };
    expect(issues(schema, ['a', 'x', 2])).toEqual([
      '/1 anyOf: must be one of a or 1; got "x"',
      '/2 anyOf: must be one of a or 1; got integer 2',
    ]);
  });

  it('a branch that got past the type says what to fix, instead of the alternatives', () => {
    const schema = {
      anyOf: [{ type: 'object', properties: { a: { type: 'integer' } } }, { type: 'string' }],
    };
    expect(issues(schema, { a: 'x' })).toEqual(['/a type: must be integer; got "x"']);
  });

  it('an anyOf whose branches all fail on type is still reported (one line, not none)', () => {
    const got = issues({ anyOf: [{ type: 'string' }, { type: 'integer' }] }, 2.5);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(/^\(body\) anyOf: /);
    expect(got[0]).toContain('2.5');
  });

  it('a oneOf matched twice says so', () => {
    expect(issues({ oneOf: [{ type: 'string' }, { type: 'string', minLength: 2 }] }, 'abc')).toEqual([
      '(body) oneOf: must match exactly one of the allowed schemas; it matches 2 of them, exactly one is allowed; got "abc"',
    ]);
  });

  it.each([
    [{ type: 'object', minProperties: 2 }, { a: 1 }, 'must have at least 2 properties; got object {"a":1}'],
    [{ type: 'object', maxProperties: 1 }, { a: 1, b: 2 }, 'must have at most 1 properties'],
    [{ type: 'array', minItems: 2 }, [1], 'must have at least 2 items; got array [1]'],
    [{ type: 'array', maxItems: 0 }, [1], 'must have at most 0 items'],
    [{ type: 'string', minLength: 4 }, 'abc', 'must have at least 4 characters; got "abc"'],
    [{ type: 'string', maxLength: 2 }, 'abc', 'must have at most 2 characters; got "abc"'],
  ])('words %j as a bound', (schema, body, message) => {
    expect(issues(schema, body)[0]).toContain(message);
  });
});
