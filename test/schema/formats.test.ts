import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { dateTime } = require('../../src/schema/formats.cjs') as { dateTime: (s: string) => boolean };
const { fullFormats } = require('ajv-formats/dist/formats') as {
  fullFormats: Record<string, { validate: (s: string) => boolean }>;
};
const reference = fullFormats['date-time']?.validate as (s: string) => boolean;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Date-times near the edges: any digits in every field, any separator, any zone form. */
const nearDateTime = fc
  .record({
    y: fc.integer({ min: 0, max: 9999 }),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 61 }),
    s: fc.integer({ min: 0, max: 61 }),
    frac: fc.option(fc.stringMatching(/^[0-9]{0,7}$/), { nil: undefined }),
    sep: fc.constantFrom('T', 't', ' ', '\u00a0', '_', 'TT'),
    zone: fc.oneof(
      fc.constantFrom('Z', 'z', '', 'Zz', '+', '-1', 'Q'),
      fc
        .tuple(
          fc.constantFrom('+', '-'),
          fc.integer({ min: 0, max: 25 }),
          fc.constantFrom('', ':', '::'),
          fc.option(fc.integer({ min: 0, max: 61 }), { nil: undefined }),
        )
        .map(([sign, h, colon, m]) => `${sign}${pad(h)}${m === undefined ? '' : `${colon}${pad(m)}`}`),
    ),
  })
  .map(
    ({ y, mo, d, h, mi, s, frac, sep, zone }) =>
      `${pad(y, 4)}-${pad(mo)}-${pad(d)}${sep}${pad(h)}:${pad(mi)}:${pad(s)}${frac === undefined ? '' : `.${frac}`}${zone}`,
  );

/** One character of a date-time replaced, inserted or removed. */
const mutated = fc
  .tuple(
    nearDateTime,
    fc.nat(),
    fc.constantFrom('insert', 'delete', 'replace'),
    fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
  )
  .map(([text, at, op, ch]) => {
    const i = at % (text.length + 1);
    if (op === 'insert') return text.slice(0, i) + ch + text.slice(i);
    if (op === 'delete') return text.slice(0, i) + text.slice(i + 1);
    return text.slice(0, i) + ch + text.slice(i + 1);
  });

describe('the date-time format', () => {
  it('gives exactly the verdicts of ajv-formats full mode (faster, never looser)', () => {
    fc.assert(
      fc.property(fc.oneof(nearDateTime, mutated, fc.string()), (text) => {
        expect(dateTime(text), JSON.stringify(text)).toBe(reference(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['2024-02-29T00:00:00Z', true],
    ['2023-02-29T00:00:00Z', false],
    ['2024-02-30T10:00:00Z', false],
    ['2024-07-01T01:00:05', false],
    ['2024-07-01T23:59:60Z', true],
    ['2024-07-01T23:59:60+01:00', false],
    ['0001-01-01T00:00:00.000Z', true],
  ])('%s → %s', (text, valid) => {
    expect(dateTime(text)).toBe(valid);
    expect(reference(text)).toBe(valid);
  });
});
