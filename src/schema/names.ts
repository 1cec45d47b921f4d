import { joinPointer } from '../util/pointer.js';

/**
 * Names that reach JavaScript's object machinery when a file's data is used as keys (merges,
 * lookups by name, overlay targets): a user's vendor and suite files are data, so none of their
 * keys, and no overlay path, may be one of them.
 */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The first key in `value` that is a forbidden name, with its pointer; undefined when none is. */
export function forbiddenNameAt(value: unknown, pointer = ''): { pointer: string; name: string } | undefined {
  // An explicit stack: a file's depth is the user's, not the call stack's.
  const stack: [unknown, string][] = [[value, pointer]];
  while (stack.length > 0) {
    const [node, at] = stack.pop() as [unknown, string];
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], joinPointer(at, i)]);
      continue;
    }
    const keys = Object.keys(node);
    for (const key of keys) if (FORBIDDEN_NAMES.has(key)) return { pointer: joinPointer(at, key), name: key };
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      stack.push([(node as Record<string, unknown>)[key], joinPointer(at, key)]);
    }
  }
  return undefined;
}

/** The message for a forbidden name found at a pointer. */
export function forbiddenNameMessage(name: string): string {
  return `"${name}" cannot be used as a name: it is one of ${[...FORBIDDEN_NAMES].join(', ')}, which JavaScript gives a meaning of its own. Rename it.`;
}
