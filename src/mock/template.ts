import { isObject } from '../util/json.js';

/**
 * Response templates are JSON with `{{name}}` holes. A string that is exactly one hole takes the
 * value's type (`"{{items}}"` becomes an array); `{{name|null}}` falls back to null, `{{name|string}}`
 * sends the value as a string (proto JSON's int64 counts); a hole with no
 * value and no fallback removes its key. Inside longer strings, holes are interpolated.
 */
export type Lookup = (name: string) => unknown;

const ABSENT = Symbol('absent');
const WHOLE = /^\{\{([^{}|]+)(?:\|(null|""|string))?\}\}$/;
const INNER = /\{\{([^{}|]+)(?:\|[^{}]*)?\}\}/g;

export function fill(template: unknown, lookup: Lookup): unknown {
  const out = fillValue(template, lookup);
  return out === ABSENT ? undefined : out;
}

function fillValue(template: unknown, lookup: Lookup): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE.exec(template);
    if (whole) {
      const value = lookup((whole[1] as string).trim());
      if (value !== undefined) return whole[2] === 'string' ? String(value) : value;
      if (whole[2] === 'null') return null;
      if (whole[2] === '""') return '';
      return ABSENT;
    }
    return template.replace(INNER, (_m, name: string) => {
      const value = lookup(name.trim());
      return value === undefined || value === null ? '' : String(value);
    });
  }
  if (Array.isArray(template)) return template.map((t) => fillValue(t, lookup)).filter((v) => v !== ABSENT);
  if (isObject(template)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      const filled = fillValue(value, lookup);
      if (filled !== ABSENT) out[key] = filled;
    }
    return out;
  }
  return template;
}
