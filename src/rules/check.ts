import { isObject, own } from '../util/json.js';
import type { Vendor } from '../vendors/registry.js';
import { checkBody } from './body.js';
import { compare } from './compare.js';
import type { Violation } from './ids.js';
import { type RuleModel, ruleModel } from './model.js';

export { type Observation, RULES, type RuleId, type Violation } from './ids.js';

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
      const value = body === undefined ? undefined : m.readStatus(body);
      this.previous = body;
      this.state = typeof value === 'string' ? value : undefined;
      return out;
    }

    const stateValue = m.readStatus(body);
    const state = typeof stateValue === 'string' ? stateValue : undefined;
    const info = state === undefined ? undefined : own(m.states, state);
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
      } else if (own(m.states, prevState) && info && !own(m.reachable, prevState)?.has(state)) {
        push({
          rule: 'transition-legal',
          pointer: m.statusPointer,
          message: `"${prevState}" → "${state}" is not a legal transition: from "${prevState}" a job can only reach ${[...(own(m.reachable, prevState) ?? [])].join(', ') || 'nothing'}`,
          previous: prevState,
          current: state,
        });
      }
    }
    if (terminal && this.terminalSeen === undefined) this.terminalSeen = state;

    if (isObject(prev)) compare(m, prev, body, push);
    checkBody(m, body, state, terminal, push);

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
}
