import type { StatusSpec } from '../format/types.js';
import { getAt, parsePointer } from '../util/pointer.js';
import { compileCondition, type NamedConditions, type Test } from './conditions.js';

/**
 * How a body's status is read: the value of its status field (`status.field`), or the first state
 * of `status.derive` whose condition holds over the body (a Google long-running operation has no
 * status field: `done`, then `error` or `response`, say where it is). The checker, the runner's
 * terminal detection and the mock's filters all read a status through this, never a pointer.
 */
export interface StatusReader {
  /** Where messages about the status point: the status field, or the body (`""`) when derived. */
  pointer: string;
  /** The status is derived from the body (`status.derive`), not read from a field. */
  derived: boolean;
  /** The status of a body: the field's value (any JSON value), the derived state, or undefined. */
  read(body: unknown): unknown;
}

export function statusReader(status: StatusSpec, named: NamedConditions = {}): StatusReader {
  if (status.derive === undefined) {
    const pointer = status.field ?? '';
    const tokens = parsePointer(pointer);
    return { pointer, derived: false, read: (body) => getAt(body, tokens) };
  }
  const entries: [string, Test][] = status.derive.map((d) => [d.state, compileCondition(d.when, named)]);
  return {
    pointer: '',
    derived: true,
    read(body) {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
      const situation = { state: '', started: false, body };
      for (const [state, test] of entries) if (test(situation)) return state;
      return undefined;
    },
  };
}
