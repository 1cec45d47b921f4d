import { getAt } from '../util/pointer.js';
import type { StateTimeField } from './model.js';
import { isUnset, type Push, same } from './values.js';

/**
 * The per-state time rule (`time.entered:<state>`, `time.began`). It only ever demands "unset":
 * a vendor may leave such a time out wherever it likes (a `when`), but it may not send one the
 * job cannot have earned yet, nor change one it sent.
 */

function unsetIn(value: unknown, field: StateTimeField): boolean {
  return isUnset(value, field) || (field.default !== undefined && same(value, field.default));
}

/** In one body: set while the status is one no state of the field's can reach. */
export function checkStateTimes(
  fields: readonly StateTimeField[],
  body: Record<string, unknown>,
  state: string | undefined,
  push: Push,
): void {
  if (state === undefined) return;
  for (const field of fields) {
    if (!field.unsetIn.has(state)) continue;
    const value = getAt(body, field.tokens);
    if (unsetIn(value, field)) continue;
    push({
      rule: 'state-time',
      pointer: field.pointer,
      message: `${field.pointer} is set while the status is ${state}, before the job can have entered ${field.entered}`,
      current: value,
    });
  }
}

/** Between two bodies: a set time changed, or went unset where no `when` says it may. */
export function compareStateTimes(
  fields: readonly StateTimeField[],
  prev: Record<string, unknown>,
  body: Record<string, unknown>,
  push: Push,
): void {
  for (const field of fields) {
    const a = getAt(prev, field.tokens);
    if (unsetIn(a, field)) continue;
    const b = getAt(body, field.tokens);
    if (same(a, b) || (field.mayVanish && unsetIn(b, field))) continue;
    push({
      rule: 'state-time',
      pointer: field.pointer,
      message: unsetIn(b, field)
        ? `${field.pointer} was set (the job entered ${field.entered}) and is unset again`
        : `${field.pointer} changed after it was set (the job entered ${field.entered} once)`,
      previous: a,
      current: b,
    });
  }
}
