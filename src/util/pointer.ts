/** RFC 6901 JSON pointers. */

export function escapeToken(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}

export function unescapeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  let out = base;
  for (const token of tokens) out += `/${escapeToken(String(token))}`;
  return out;
}

const parsed = new Map<string, string[]>();

/** Parses (and remembers: rules read the same few pointers from every body) a JSON pointer. */
export function parsePointer(pointer: string): string[] {
  const known = parsed.get(pointer);
  if (known) return known;
  const tokens = parsePointerUncached(pointer);
  if (parsed.size < 10_000) parsed.set(pointer, tokens);
  return tokens;
}

function parsePointerUncached(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  const body = pointer.startsWith('#') ? decodeURIComponent(pointer.slice(1)) : pointer;
  if (!body.startsWith('/')) throw new Error(`not a JSON pointer: ${JSON.stringify(pointer)}`);
  return body.slice(1).split('/').map(unescapeToken);
}

const MISSING: unique symbol = Symbol('missing');

/** The value at `pointer`, or `undefined` when any step is missing. */
export function getAt(value: unknown, pointer: string | readonly string[]): unknown {
  const tokens = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  let current: unknown = value;
  for (const token of tokens) {
    current = step(current, token);
    if (current === MISSING) return undefined;
  }
  return current;
}

/** Whether `pointer` names a present member (a member holding `null` is present). */
export function hasAt(value: unknown, pointer: string | readonly string[]): boolean {
  const tokens = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  let current: unknown = value;
  for (const token of tokens) {
    current = step(current, token);
    if (current === MISSING) return false;
  }
  return true;
}

function step(current: unknown, token: string): unknown {
  if (Array.isArray(current)) {
    if (!/^(0|[1-9]\d*)$/.test(token)) return MISSING;
    const index = Number(token);
    return index < current.length ? current[index] : MISSING;
  }
  if (current !== null && typeof current === 'object' && Object.hasOwn(current, token)) {
    return (current as Record<string, unknown>)[token];
  }
  return MISSING;
}
