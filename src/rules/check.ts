import { isObject } from '../util/json.js';
import { getAt, hasAt, joinPointer } from '../util/pointer.js';
import type { Vendor } from '../vendors/registry.js';
import { type FinishedField, type RuleModel, ruleModel, type TimeField, type TimeOrder } from './model.js';

/** A broken rule, as data: which rule, at which poll and pointer, and the values involved. */
export interface Violation {
  rule: RuleId;
  /** 1-based number of the poll (body) where it was seen; 0 for whole-sequence rules. */
  poll: number;
  pointer: string;
  message: string;
  previous?: unknown;
  current?: unknown;
}

/** Stable rule ids, used by reports and docs. */
export const RULES = {
  schema: 'Every body matches the vendor schema',
  'status-known': 'The status is one of the vendor’s states',
  'transition-legal':
    'Each status change follows the legal transitions (states between polls may be missed, never reversed)',
  'terminal-final': 'A terminal status never changes',
  'id-constant': 'The job id never changes',
  'created-constant': 'Creation timestamps never change',
  'finished-when-terminal':
    'The finished timestamp is set exactly when the status is terminal (with documented exceptions)',
  'finished-constant': 'The finished timestamp never changes once set',
  'time-order': 'created ≤ started ≤ finished',
  monotonic: 'Counters and progress never decrease',
  'progress-range': 'Progress stays within 0–100',
  'totals-consistent': 'Parts never exceed their total (completed + failed ≤ total, …)',
  'total-stable': 'Totals never change once known',
  'derived-duration': 'Durations equal finished − started',
  'success-without-failed-pieces': 'A successful job has no failed pieces',
  'terminal-timeout': 'The job reaches a terminal status within the timeout',
  'expected-end': 'The job ends as the suite expects (terminal state, polls, duration)',
  capture: 'The values a suite captures are in the response',
  'http-status': 'The status endpoint answers 200',
  'json-body': 'The body is JSON',
  connection: 'The server can be reached',
} as const;
export type RuleId = keyof typeof RULES;

export interface Observation {
  poll: number;
  body: unknown;
}

const GO_ZERO = /^0001-01-01T00:00:00(\.0+)?Z$/;

/** Equal as JSON values; primitives compare directly (the common case, on every poll). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function isUnset(value: unknown, field: { unset?: unknown }): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value === 'string' && GO_ZERO.test(value)) return true;
  return field.unset !== undefined && same(value, field.unset);
}

function timeOf(value: unknown, field: TimeField): number | undefined {
  if (typeof value === 'number') return field.format === 'unix-s' ? value * 1000 : value;
  if (typeof value === 'string' && !GO_ZERO.test(value)) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

function checkOrder(
  pair: TimeOrder,
  a: number | undefined,
  b: number | undefined,
  push: (v: Omit<Violation, 'poll'>) => void,
): void {
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

/**
 * Checks a sequence of bodies polled from one job, body by body. Rules come from the vendor's
 * lifecycle file (see model.ts); schema conformance is checked with the vendor's validator.
 */
export class SequenceChecker {
  readonly model: RuleModel;
  private previous: unknown;
  /** The status of the last body: the next body's previous state, and what poll.ts and recording.ts report. */
  private state: string | undefined;
  private terminalSeen: string | undefined;
  private count = 0;

  constructor(
    readonly vendor: Vendor,
    private readonly options: { schema?: boolean } = {},
  ) {
    this.model = ruleModel(vendor);
  }

  get polls(): number {
    return this.count;
  }

  get lastState(): string | undefined {
    return this.state;
  }

  get terminal(): boolean {
    return this.terminalSeen !== undefined;
  }

  /** Checks the next body; returns what it breaks. */
  check(body: unknown): Violation[] {
    const poll = ++this.count;
    const out: Violation[] = [];
    const m = this.model;
    const push = (v: Omit<Violation, 'poll'>) => {
      if (!m.off.has(v.rule)) out.push({ poll, ...v });
    };

    if (this.options.schema !== false) {
      for (const issue of this.vendor.validate(body).issues) {
        push({ rule: 'schema', pointer: issue.pointer, message: issue.message, current: issue.received });
      }
    }
    if (!isObject(body)) {
      const value = body === undefined ? undefined : getAt(body, m.paths.status);
      this.previous = body;
      this.state = typeof value === 'string' ? value : undefined;
      return out;
    }

    const stateValue = getAt(body, m.paths.status);
    const state = typeof stateValue === 'string' ? stateValue : undefined;
    const info = state === undefined ? undefined : m.states[state];
    if (state !== undefined && !info) {
      push({
        rule: 'status-known',
        pointer: m.statusPointer,
        message: `"${state}" is not one of the states of ${m.vendor} (${Object.keys(m.states).join(', ')})`,
        current: state,
      });
    }
    const terminal = info?.terminal !== undefined;

    const prev = this.previous;
    const prevState = isObject(prev) ? this.state : undefined;
    if (prevState !== undefined && state !== undefined && prevState !== state) {
      if (this.terminalSeen !== undefined) {
        push({
          rule: 'terminal-final',
          pointer: m.statusPointer,
          message: `left the terminal state "${this.terminalSeen}" for "${state}"`,
          previous: prevState,
          current: state,
        });
      } else if (m.states[prevState] && info && !m.reachable[prevState]?.has(state)) {
        push({
          rule: 'transition-legal',
          pointer: m.statusPointer,
          message: `"${prevState}" → "${state}" is not a legal transition: from "${prevState}" a job can only reach ${[...(m.reachable[prevState] ?? [])].join(', ') || 'nothing'}`,
          previous: prevState,
          current: state,
        });
      }
    }
    if (terminal && this.terminalSeen === undefined) this.terminalSeen = state;

    if (isObject(prev)) this.compare(prev, body, push);
    this.checkBody(body, state, terminal, push);

    this.previous = body;
    this.state = state;
    return out;
  }

  /** Whole-sequence rules, once polling ends. */
  finish(options: { timedOut?: boolean; timeoutMs?: number } = {}): Violation[] {
    if (options.timedOut && !this.terminal && !this.model.off.has('terminal-timeout')) {
      return [
        {
          rule: 'terminal-timeout',
          poll: this.count,
          pointer: this.model.statusPointer,
          message: `still "${this.lastState ?? 'unknown'}" after ${options.timeoutMs ?? 0} ms and ${this.count} polls`,
          current: this.lastState,
        },
      ];
    }
    return [];
  }

  private compare(
    prev: Record<string, unknown>,
    body: Record<string, unknown>,
    push: (v: Omit<Violation, 'poll'>) => void,
  ) {
    const m = this.model;
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

  private checkBody(
    body: Record<string, unknown>,
    state: string | undefined,
    terminal: boolean,
    push: (v: Omit<Violation, 'poll'>) => void,
  ) {
    const m = this.model;
    for (const field of m.finished) this.checkFinished(body, field, state, terminal, push);

    const created = m.created[0] ? timeOf(getAt(body, m.created[0].tokens), m.created[0]) : undefined;
    const started = m.started[0] ? timeOf(getAt(body, m.started[0].tokens), m.started[0]) : undefined;
    const finished = m.finished[0] ? timeOf(getAt(body, m.finished[0].tokens), m.finished[0]) : undefined;
    checkOrder(m.timeOrder.createdStarted, created, started, push);
    checkOrder(m.timeOrder.startedFinished, started ?? created, finished, push);

    for (const { pointer, tokens } of m.paths.progress) {
      const v = getAt(body, tokens);
      if (typeof v === 'number' && (v < 0 || v > 100)) {
        push({ rule: 'progress-range', pointer, message: `progress ${v} is outside 0–100`, current: v });
      }
    }
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
    if (terminal && state !== undefined && m.states[state]?.terminal === 'success') {
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

  private checkFinished(
    body: Record<string, unknown>,
    field: FinishedField,
    state: string | undefined,
    terminal: boolean,
    push: (v: Omit<Violation, 'poll'>) => void,
  ) {
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
}
