/**
 * Header values are Latin-1 text without controls (Node refuses anything else and the answer
 * fails). A value that carries outside input (an id a client chose, a path parameter) has every
 * other character percent-encoded, so the answer stays well-formed and still says what it was.
 */
const UNSAFE = /[^\t\x20-\x7e\x80-\xff]/;
// Code points (the u flag): a surrogate pair is one character, a lone surrogate another.
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/** A lone surrogate cannot be percent-encoded: it is sent as U+FFFD's encoding. */
const encode = (c: string) =>
  c.length === 1 && c >= '\ud800' && c <= '\udfff' ? '%EF%BF%BD' : encodeURIComponent(c);

export function headerSafe(value: string): string {
  return UNSAFE.test(value) ? value.replace(UNSAFE_ALL, encode) : value;
}
