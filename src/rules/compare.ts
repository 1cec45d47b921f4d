import { isObject } from '../util/json.js';
import { getAt, joinPointer } from '../util/pointer.js';
import type { RuleModel, SetOnceField } from './model.js';
import { compareStateTimes } from './state-time.js';
import { isUnset, type Push, same } from './values.js';

const SET_ONCE: Record<SetOnceField['rule'], string> = {
  'created-constant': 'a creation timestamp changed',
  'started-constant': 'the start timestamp changed after it was set',
  'finished-constant': 'the finished timestamp changed after it was set',
};

/** Rules between one body and the next: what never changes, what never goes down. */
export function compare(
  m: RuleModel,
  prev: Record<string, unknown>,
  body: Record<string, unknown>,
  push: Push,
): void {
  for (const { pointer, tokens } of m.paths.ids) {
    const a = getAt(prev, tokens);
    const b = getAt(body, tokens);
    if (a !== undefined && a !== b)
      push({ rule: 'id-constant', pointer, message: `the id changed`, previous: a, current: b });
  }
  for (const field of m.setOnce) {
    const a = getAt(prev, field.tokens);
    if (isUnset(a, field)) continue;
    const b = getAt(body, field.tokens);
    if (same(a, b) || (field.mayVanish && isUnset(b, field))) continue;
    push({
      rule: field.rule,
      pointer: field.pointer,
      message: SET_ONCE[field.rule],
      previous: a,
      current: b,
    });
  }
  compareStateTimes(m.stateTimes, prev, body, push);
  for (const { pointer, tokens } of m.paths.monotonic) {
    const a = getAt(prev, tokens);
    const b = getAt(body, tokens);
    if (typeof a === 'number' && (typeof b !== 'number' || b < a)) {
      push({
        rule: 'monotonic',
        pointer,
        message: `went down from ${a} to ${b === undefined ? 'nothing' : JSON.stringify(b)}`,
        previous: a,
        current: b,
      });
    }
  }
  for (const { pointer, tokens } of m.paths.stableTotals) {
    const a = getAt(prev, tokens);
    const b = getAt(body, tokens);
    if (typeof a === 'number' && typeof b === 'number' && a !== b) {
      push({
        rule: 'total-stable',
        pointer,
        message: `the total changed from ${a} to ${b}`,
        previous: a,
        current: b,
      });
    }
  }
  for (const tree of m.trees) {
    const a = getAt(prev, tree.tokens);
    if (!isObject(a)) continue;
    const b = getAt(body, tree.tokens);
    if (tree.mayVanish && b === undefined) continue;
    // Keys, not pointers: a pointer string is escaped and joined only for a leaf that breaks a rule.
    for (const group of Object.keys(a)) {
      const innerA = a[group];
      if (!isObject(innerA)) continue;
      for (const name of Object.keys(innerA)) {
        const leafA = innerA[name];
        const leafB = getAt(b, [group, name]);
        for (const counter of tree.counterPaths) {
          const va = (getAt(leafA, counter.tokens) as number | undefined) ?? 0;
          const vb = (getAt(leafB, counter.tokens) as number | undefined) ?? 0;
          if (typeof va === 'number' && typeof vb === 'number' && vb < va) {
            push({
              rule: 'monotonic',
              pointer: joinPointer(tree.pointer, group, name) + counter.pointer,
              message: `went down from ${va} to ${vb}`,
              previous: va,
              current: vb,
            });
          }
        }
      }
    }
  }
}
