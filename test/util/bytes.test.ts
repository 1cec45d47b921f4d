import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64Url, toBase64Url, utf8Length } from '../../src/util/bytes.js';

/** The mock's byte helpers agree with Node's Buffer, which they replace so the mock runs in a browser. */
describe('util/bytes', () => {
  it('utf8Length is Buffer.byteLength, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8Length(text)).toBe(Buffer.byteLength(text));
      }),
    );
    expect(utf8Length('\ud800')).toBe(3);
    expect(utf8Length('a\ud83d\ude00')).toBe(5);
  });

  it('concatBytes joins chunks in order', () => {
    const joined = concatBytes([new Uint8Array([1, 2]), new Uint8Array([]), new Uint8Array([3])]);
    expect([...joined]).toEqual([1, 2, 3]);
  });

  it('base64url as Buffer writes it, read back; what is not base64 reads as undefined', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        const token = toBase64Url(text);
        expect(token).toBe(Buffer.from(text).toString('base64url'));
        expect(fromBase64Url(token)).toBe(text);
      }),
    );
    expect(fromBase64Url('not base64!')).toBeUndefined();
  });
});
