import { own } from '../../util/json.js';
import { getAt } from '../../util/pointer.js';
import type { ListSpec } from '../types.js';
import type { Row } from './list-page.js';

/**
 * A list's ordering and time windows as data (Django REST framework's OrderingFilter and
 * PostHog's after/before): which body fields sort the page, and which bound it.
 */

type Ordering = NonNullable<ListSpec['ordering']>;
type Window = NonNullable<ListSpec['windows']>[string];

export interface SortKey {
  pointer: string;
  descending: boolean;
}

/** The sort asked for: its fields a vendor allows, else the default; and the name picking its window. */
export function orderingOf(spec: Ordering, asked: string | undefined): { keys: SortKey[]; window: string } {
  const parse = (text: string) =>
    text
      .split(',')
      .map((part) => part.trim())
      .map((part) => ({ name: part.replace(/^-/, ''), descending: part.startsWith('-') }))
      .filter((f) => own(spec.fields, f.name) !== undefined);
  let fields = asked === undefined ? [] : parse(asked);
  if (fields.length === 0) fields = parse(spec.default);
  return {
    keys: fields.map((f) => ({ pointer: own(spec.fields, f.name) as string, descending: f.descending })),
    window: fields[0]?.name ?? '',
  };
}

const UNITS: Record<string, (d: Date, n: number) => void> = {
  M: (d, n) => d.setUTCMinutes(d.getUTCMinutes() - n),
  h: (d, n) => d.setUTCHours(d.getUTCHours() - n),
  d: (d, n) => d.setUTCDate(d.getUTCDate() - n),
  w: (d, n) => d.setUTCDate(d.getUTCDate() - 7 * n),
  m: (d, n) => d.setUTCMonth(d.getUTCMonth() - n),
  q: (d, n) => d.setUTCMonth(d.getUTCMonth() - 3 * n),
  y: (d, n) => d.setUTCFullYear(d.getUTCFullYear() - n),
};

/**
 * A moment as PostHog's relative_date_parse reads it: an ISO date or time (UTC unless it says),
 * or -N and a unit (M minutes, h, d, w, m months, q quarters, y) before now; anything else is now.
 */
export function momentOf(text: string, now: number): number {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) || trimmed.length === 10;
    const at = Date.parse(zoned ? trimmed : `${trimmed}Z`);
    if (Number.isFinite(at)) return at;
  }
  const m = /^-?(\d{1,6})([Mhdwmqy])$/.exec(trimmed);
  if (!m) return now;
  const d = new Date(now);
  (UNITS[m[2] as string] as (d: Date, n: number) => void)(d, Number(m[1]));
  return d.getTime();
}

/** The test a body must pass to lie in the window; undefined when there is no window. */
export function windowTest(
  window: Window | undefined,
  query: (name: string) => string | undefined,
  now: number,
): ((body: Record<string, unknown>) => boolean) | undefined {
  if (!window) return undefined;
  const fromText = query(window.from) || window.default;
  const toText = query(window.to);
  const from = fromText === undefined ? -Infinity : momentOf(fromText, now);
  const to = toText ? momentOf(toText, now) : now;
  return (body) => {
    const start = timeOf(getAt(body, window.fromField));
    const end = timeOf(getAt(body, window.toField));
    return start !== undefined && end !== undefined && start >= from && end <= to;
  };
}

function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}

function keyOf(body: Record<string, unknown> | undefined, pointer: string): number {
  const value = timeOf(getAt(body, pointer));
  // A null key sorts last either way, as PostgreSQL's NULLS LAST on ascending order would not:
  // jobkit keeps one rule, and the vendors it models never sort on a null field.
  return value ?? Number.NaN;
}

/**
 * Rows (newest first) in the asked order. The sort is stable, so ties keep the newest first in a
 * descending order and the oldest first in an ascending one.
 */
export function sortRows(rows: Row[], keys: SortKey[]): Row[] {
  const ascending = keys[0] !== undefined && !keys[0].descending;
  const base = ascending ? [...rows].reverse() : [...rows];
  const keyed = base.map((row) => ({ row, values: keys.map((k) => keyOf(row.body, k.pointer)) }));
  keyed.sort((a, b) => {
    for (const [i, key] of keys.entries()) {
      const x = a.values[i] as number;
      const y = b.values[i] as number;
      if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
      if (Number.isNaN(x)) return 1;
      if (Number.isNaN(y)) return -1;
      return key.descending ? y - x : x - y;
    }
    return 0;
  });
  return keyed.map((k) => k.row);
}
