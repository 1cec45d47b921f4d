import { SequenceChecker, type Violation } from '../rules/check.js';
import type { Vendor } from '../vendors/registry.js';
import { type EndObservation, type FailureObservation, isObservation } from './observation.js';
import type { CaseResult, PollEvent } from './types.js';

/** A plain body, or an observation from the transport (or a recording's reader). */
export type SequenceItem = unknown;

export interface CheckSequenceOptions {
  /** The case name in reports (default "sequence"). */
  name?: string;
  /** What the sequence is, in the note when it ends before the job is terminal (default "sequence"). */
  label?: string;
  /** Called after each body is judged. */
  onPoll?: (event: PollEvent) => void;
}

/**
 * Judges one job's sequence item by item: every body against the schema and the lifecycle rules,
 * failures and notes as they come. What it has seen so far (`terminal`, `idPointers`) is what a
 * transport asks after each body, to know when to stop.
 */
export class SequenceJudge {
  private readonly checker: SequenceChecker;
  private readonly violations: Violation[] = [];
  private readonly states: string[] = [];
  private readonly notes: string[] = [];
  private readonly started = performance.now();
  private lastBody: unknown;
  private end: EndObservation | undefined;

  constructor(
    readonly vendor: Vendor,
    private readonly options: CheckSequenceOptions = {},
  ) {
    this.checker = new SequenceChecker(vendor);
  }

  /** A terminal status has been seen. */
  get terminal(): boolean {
    return this.checker.terminal;
  }

  /** Where a body holds the job's id (the transport's static-mock probe looks there). */
  get idPointers(): readonly string[] {
    return this.checker.model.ids;
  }

  get polls(): number {
    return this.checker.polls;
  }

  /** Adds the items in order (a recording's batch of bodies, without an await per body). */
  addAll(items: Iterable<SequenceItem>): void {
    for (const item of items) this.add(item);
  }

  add(item: SequenceItem): void {
    if (!isObservation(item)) this.judge(item);
    else if (item.kind === 'response') this.judge(item.body);
    else if (item.kind === 'failure') this.violations.push(this.failure(item));
    else if (item.kind === 'note') this.notes.push(item.message);
    else this.end = item;
  }

  /** A failure as a violation, its fields in the order every violation shows them. */
  private failure(item: FailureObservation): Violation {
    const v: Violation = {
      rule: item.rule,
      poll: item.poll ?? this.checker.polls + 1,
      pointer: item.pointer ?? '',
      message: item.message,
    };
    if (item.previous !== undefined) v.previous = item.previous;
    if (item.current !== undefined) v.current = item.current;
    return v;
  }

  /** The case so far, with the whole-sequence rules applied. */
  result(): CaseResult {
    const checker = this.checker;
    const violations = [
      ...this.violations,
      ...checker.finish({ timedOut: this.end?.reason === 'timeout', timeoutMs: this.end?.timeoutMs ?? 0 }),
    ];
    const notes = [...this.notes];
    // A transport says why it stopped; a sequence that just runs out may end mid-job.
    if (this.end === undefined && checker.polls > 0 && !checker.terminal) {
      notes.push(
        `the ${this.options.label ?? 'sequence'} ends while the job is "${checker.lastState ?? 'unknown'}" (not terminal)`,
      );
    }
    return {
      name: this.options.name ?? 'sequence',
      vendor: this.vendor.name,
      ok: violations.length === 0,
      violations,
      polls: checker.polls,
      durationMs: performance.now() - this.started,
      states: [...this.states],
      notes,
      ...(this.lastBody === undefined ? {} : { lastBody: this.lastBody }),
    };
  }

  private judge(body: unknown): void {
    const checker = this.checker;
    this.lastBody = body;
    const found = checker.check(body);
    for (const v of found) this.violations.push(v);
    const state = checker.lastState;
    if (state !== undefined && this.states[this.states.length - 1] !== state) this.states.push(state);
    this.options.onPoll?.({
      poll: checker.polls,
      ...(state !== undefined ? { state } : {}),
      violations: this.violations.length,
      elapsedMs: performance.now() - this.started,
    });
  }
}

/**
 * Judges a whole sequence of one job's bodies (or observations): a CaseResult, synchronously for
 * an array or other iterable, as a promise for an async iterable (a transport, a file being read).
 */
export function checkSequence(
  vendor: Vendor,
  items: Iterable<SequenceItem>,
  options?: CheckSequenceOptions,
): CaseResult;
export function checkSequence(
  vendor: Vendor,
  items: AsyncIterable<SequenceItem>,
  options?: CheckSequenceOptions,
): Promise<CaseResult>;
export function checkSequence(
  vendor: Vendor,
  items: Iterable<SequenceItem> | AsyncIterable<SequenceItem>,
  options: CheckSequenceOptions = {},
): CaseResult | Promise<CaseResult> {
  const judge = new SequenceJudge(vendor, options);
  if (typeof items === 'object' && Symbol.asyncIterator in items) return judgeAsync(judge, items);
  judge.addAll(items);
  return judge.result();
}

async function judgeAsync(judge: SequenceJudge, items: AsyncIterable<SequenceItem>): Promise<CaseResult> {
  for await (const item of items) judge.add(item);
  return judge.result();
}
