import { locateJsonError } from './json-locate.js';

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The value of `record`'s own property `key`. Names from files, bodies and requests ("constructor",
 * "__proto__", "toString") must never resolve to what every object inherits from Object.prototype.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Plain-data deep clone for JSON documents (no Dates, Maps or cycles in them). */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** A short, single-line rendering of a value for messages. */
export function preview(value: unknown, max = 60): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Line and column (1-based) of a character offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** JSON.parse with a located error (line and column, 1-based), the same on every Node version. */
export function parseJsonLocated(
  text: string,
): { ok: true; value: unknown } | { ok: false; line: number; column: number; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { offset, reason } = locateJsonError(text);
    return { ok: false, ...lineColumn(text, offset), reason };
  }
}
