import type { ValidationIssue } from '../schema/issues.js';
import { isObject, own } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import { checkBody } from './body.js';
import type { RuleId, Violation } from './ids.js';
import type { RuleModel } from './model.js';
import { isUnset, same } from './values.js';

/**
 * Strict validation of one body, beside its schema: what the lifecycle requires of a body in its
 * state, from the same rule model the runner checks sequences with. A vendor whose published
 * schema is loose (every field optional) no longer passes `{}`: the status must be one of its
 * states, a terminal body carries its finished time, a failed one its error, a body in a state
 * its per-state time. Failures are data, like schema issues, with the rule that asks for them.
 */
export function strictIssues(m: RuleModel, body: unknown): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  // Not an object: the schema says so; there is no status to read.
  if (!isObject(body)) return out;
  const add = (issue: ValidationIssue & { rule: RuleId }) => {
    if (!m.off.has(issue.rule)) out.push(issue);
  };
  const value = m.readStatus(body);
  const states = Object.keys(m.states);
  if (typeof value !== 'string' || !Object.hasOwn(m.states, value)) {
    add({
      pointer: m.statusPointer,
      keyword: 'status-known',
      rule: 'status-known',
      message: `${value !== undefined ? `${JSON.stringify(value)} is` : 'no status:'} not one of the states of ${m.vendor} (${states.join(', ')})`,
      expected: states,
      ...(value === undefined ? {} : { received: value }),
    });
    return out;
  }
  const state = value;
  checkBody(m, body, state, own(m.states, state)?.terminal !== undefined, (v) => add(issueOf(v)));
  const missing = (pointer: string, rule: RuleId, what: string, received: unknown) =>
    add({
      pointer,
      keyword: rule,
      rule,
      message: `status "${state}" requires ${what} at ${pointer}; it is ${received === undefined ? 'missing' : JSON.stringify(received)}`,
      expected: what,
      ...(received === undefined ? {} : { received }),
    });
  for (const field of m.stateTimes) {
    if (!field.setIn.has(state)) continue;
    const v = getAt(body, field.tokens);
    if (isUnset(v, field) || (field.default !== undefined && same(v, field.default)))
      missing(field.pointer, 'state-time', `the time the job entered ${field.entered}`, v);
  }
  for (const field of m.errors) {
    if (!field.setIn.has(state)) continue;
    const v = getAt(body, field.tokens);
    if (isUnset(v, field)) missing(field.pointer, 'error-when-failed', 'the error that failed the job', v);
  }
  return out;
}

function issueOf(v: Omit<Violation, 'poll'>): ValidationIssue & { rule: RuleId } {
  return {
    pointer: v.pointer,
    keyword: v.rule,
    rule: v.rule,
    message: v.message,
    ...(v.current === undefined ? {} : { received: v.current }),
  };
}
