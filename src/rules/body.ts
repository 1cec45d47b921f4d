import { isObject, own } from '../util/json.js';
import { getAt, hasAt, joinPointer } from '../util/pointer.js';
import type { FinishedField, RuleModel } from './model.js';
import { checkStateTimes } from './state-time.js';
import { checkOrder, isUnset, type Push, timeOf } from './values.js';

/** Rules on one body alone: the finished and per-state times against the status, time order, ranges, totals. */
export function checkBody(
  m: RuleModel,
  body: Record<string, unknown>,
  state: string | undefined,
  terminal: boolean,
  push: Push,
): void {
  for (const field of m.finished) checkFinished(body, field, state, terminal, push);
  checkStateTimes(m.stateTimes, body, state, push);

  const created = m.created[0] ? timeOf(getAt(body, m.created[0].tokens), m.created[0]) : undefined;
  const started = m.started[0] ? timeOf(getAt(body, m.started[0].tokens), m.started[0]) : undefined;
  const finished = m.finished[0] ? timeOf(getAt(body, m.finished[0].tokens), m.finished[0]) : undefined;
  checkOrder(m.timeOrder.createdStarted, created, started, push);
  checkOrder(m.timeOrder.startedFinished, started ?? created, finished, push);

  m.paths.progress.forEach(({ pointer, tokens }, i) => {
    const v = getAt(body, tokens);
    const scale = m.progressScale[i] ?? 100;
    if (typeof v === 'number' && (v < 0 || v > scale)) {
      push({ rule: 'progress-range', pointer, message: `progress ${v} is outside 0–${scale}`, current: v });
    }
  });
  for (const totals of m.totals) {
    const total = getAt(body, totals.paths.total.tokens);
    if (typeof total !== 'number') continue;
    let sum = 0;
    const named: string[] = [];
    for (const part of totals.paths.parts) {
      const v = getAt(body, part.tokens);
      if (typeof v === 'number') {
        sum += v;
        named.push(`${part.pointer} ${v}`);
      }
    }
    for (const part of totals.paths.listParts) {
      const v = getAt(body, part.tokens);
      if (Array.isArray(v)) {
        sum += v.length;
        named.push(`${part.pointer} (${v.length} items)`);
      }
    }
    if (named.length > 0 && sum > total) {
      push({
        rule: 'totals-consistent',
        pointer: totals.total,
        message: `${named.join(' + ')} = ${sum} exceeds ${totals.total} ${total}`,
        current: { total, sum },
      });
    }
  }
  for (const d of m.durations) {
    const v = getAt(body, d.tokens);
    // The model takes a duration's ends from the first started (or created) and finished fields, read above.
    const s =
      d.started === m.started[0]
        ? started
        : d.started === m.created[0]
          ? created
          : timeOf(getAt(body, d.started.tokens), d.started);
    const f = d.finished === m.finished[0] ? finished : timeOf(getAt(body, d.finished.tokens), d.finished);
    if (typeof v === 'number' && s !== undefined && f !== undefined && Math.abs(v - (f - s)) > 1) {
      push({
        rule: 'derived-duration',
        pointer: d.pointer,
        message: `${d.pointer} is ${v} but ${d.finished.pointer} − ${d.started.pointer} is ${f - s} ms`,
        current: v,
      });
    }
  }
  if (terminal && state !== undefined && own(m.states, state)?.terminal === 'success') {
    for (const { pointer, tokens } of m.paths.failedPieces) {
      const v = getAt(body, tokens);
      if (typeof v === 'number' && v > 0) {
        push({
          rule: 'success-without-failed-pieces',
          pointer,
          message: `status "${state}" with ${v} failed pieces`,
          current: v,
        });
      }
    }
    for (const tree of m.trees) {
      const status = tree.status;
      const pieces = status && getAt(body, tree.tokens);
      if (!status || !isObject(pieces)) continue;
      for (const group of Object.keys(pieces)) {
        const inner = pieces[group];
        if (!isObject(inner)) continue;
        for (const name of Object.keys(inner)) {
          if (getAt(inner[name], status.tokens) === status.failed) {
            push({
              rule: 'success-without-failed-pieces',
              pointer: joinPointer(tree.pointer, group, name) + status.pointer,
              message: `status "${state}" with a failed piece`,
              current: status.failed,
            });
          }
        }
      }
    }
  }
}

function checkFinished(
  body: Record<string, unknown>,
  field: FinishedField,
  state: string | undefined,
  terminal: boolean,
  push: Push,
): void {
  const value = getAt(body, field.tokens);
  const unset = isUnset(value, field);
  if (terminal && unset && !(state !== undefined && field.unsetAllowedIn.has(state))) {
    push({
      rule: 'finished-when-terminal',
      pointer: field.pointer,
      message: `status "${state}" is terminal but ${field.pointer} is ${hasAt(body, field.tokens) ? JSON.stringify(value) : 'missing'}`,
      current: value,
    });
  }
  if (!terminal && !unset && !field.earlyAllowed && state !== undefined) {
    push({
      rule: 'finished-when-terminal',
      pointer: field.pointer,
      message: `status "${state}" is not terminal but ${field.pointer} is set`,
      current: value,
    });
  }
}
