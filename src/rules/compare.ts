import { isObject } from '../util/json.js';
import { getAt, joinPointer } from '../util/pointer.js';
import type { RuleModel } from './model.js';
import { compareStateTimes } from './state-time.js';
import { isUnset, type Push, same } from './values.js';

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
  for (const field of m.created) {
    const a = getAt(prev, field.tokens);
    const b = getAt(body, field.tokens);
    if (!isUnset(a, field) && !same(a, b)) {
      push({
        rule: 'created-constant',
        pointer: field.pointer,
        message: 'a creation timestamp changed',
        previous: a,
        current: b,
      });
    }
  }
  for (const field of m.finished) {
    const a = getAt(prev, field.tokens);
    const b = getAt(body, field.tokens);
    if (!isUnset(a, field) && !same(a, b)) {
      push({
        rule: 'finished-constant',
        pointer: field.pointer,
        message: 'the finished timestamp changed after it was set',
        previous: a,
        current: b,
      });
    }
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
