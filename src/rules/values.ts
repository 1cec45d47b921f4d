import { GO_ZERO, readTime } from '../lifecycle/times.js';
import type { Violation } from './ids.js';
import type { TimeField, TimeOrder } from './model.js';

export type Push = (v: Omit<Violation, 'poll'>) => void;

/** Equal as JSON values; primitives compare directly (the common case, on every poll). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function isUnset(value: unknown, field: { unset?: unknown }): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value === 'string' && GO_ZERO.test(value)) return true;
  return field.unset !== undefined && same(value, field.unset);
}

/** A sent time as clock ms: the same formats the renderer writes, read back by one reader. */
export function timeOf(value: unknown, field: TimeField): number | undefined {
  return readTime(value, field.format);
}

export function checkOrder(pair: TimeOrder, a: number | undefined, b: number | undefined, push: Push): void {
  // Whole seconds (Dakera, DRF) may sit up to a second before a ms-precision time.
  if (a !== undefined && b !== undefined && b < a - 999) {
    push({
      rule: 'time-order',
      pointer: pair.later,
      message: `${pair.later} (${new Date(b).toISOString()}) is before ${pair.earlier} (${new Date(a).toISOString()})`,
      previous: a,
      current: b,
    });
  }
}
