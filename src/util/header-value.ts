/**
 * Header values are Latin-1 text without controls (Node refuses anything else and the answer
 * fails). A value that carries outside input (an id a client chose, a path parameter) has every
 * other character percent-encoded, so the answer stays well-formed and still says what it was.
 */
const UNSAFE = /[^\t\x20-\x7e\x80-\xff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

export function headerSafe(value: string): string {
  return UNSAFE.test(value) ? value.replace(UNSAFE_ALL, (c) => encodeURIComponent(c)) : value;
}
