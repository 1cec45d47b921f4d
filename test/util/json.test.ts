import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineColumn, parseJsonLocated } from '../../src/util/json.js';
import { locateJsonError } from '../../src/util/json-locate.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Valid JSON with one character inserted, deleted or replaced: mostly invalid, sometimes not. */
const mutated = fc
  .tuple(
    fc.json(),
    fc.nat(),
    fc.constantFrom('insert', 'delete', 'replace'),
    fc.constantFrom(...'{}[],:"\\ 0-.etfn\n'.split('')),
  )
  .map(([json, at, op, ch]) => {
    const i = json.length === 0 ? 0 : at % json.length;
    if (op === 'insert') return json.slice(0, i) + ch + json.slice(i);
    if (op === 'delete') return json.slice(0, i) + json.slice(i + 1);
    return json.slice(0, i) + ch + json.slice(i + 1);
  });

describe('locateJsonError', () => {
  it('agrees with JSON.parse on what is valid, and points inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated), (text) => {
        const { offset, reason } = locateJsonError(text);
        const scannerAccepts = reason === 'invalid JSON' && offset === text.length;
        expect(scannerAccepts).toBe(parses(text));
        expect(offset).toBeGreaterThanOrEqual(0);
        expect(offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['{"x":}', 1, 6, "unexpected '}', expected a JSON value"],
    ['{"a":1 "b":2}', 1, 8, "expected ',' or '}' in object, got '\"'"],
    ['[1,2', 1, 5, "expected ',' or ']' in array, got end of input"],
    ['{"s":"abc', 1, 10, 'unterminated string'],
    ['{}\n{}', 2, 1, "unexpected '{' after the JSON value"],
    ["{'a':1}", 1, 2, "expected a property name in double quotes, got '''"],
  ])('%j fails at %i:%i (%s)', (text, line, column, reason) => {
    expect(parseJsonLocated(text)).toEqual({ ok: false, line, column, reason });
  });
});

describe('lineColumn', () => {
  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
