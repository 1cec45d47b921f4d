import { SequenceChecker, type Violation } from '../rules/check.js';
import type { Registry, Vendor } from '../vendors/registry.js';
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
  /**
   * Given, a first body without the vendor's status field stops the sequence (`stop`) with
   * "is this the right vendor?", naming the registry's vendors whose schema the body matches.
   */
  vendorCheck?: { registry?: Pick<Registry, 'names' | 'get'> };
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
  private stopped = false;

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

  /** Polling on would tell nothing: the first body is not this vendor's (see `vendorCheck`). */
  get stop(): boolean {
    return this.stopped;
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
    const wrong = checker.polls === 1 && this.options.vendorCheck ? this.wrongVendor(body) : undefined;
    if (wrong) {
      this.stopped = true;
      this.violations.push(wrong);
    } else for (const v of found) this.violations.push(v);
    const state = checker.lastState;
    if (state !== undefined && this.states[this.states.length - 1] !== state) this.states.push(state);
    this.options.onPoll?.({
      poll: checker.polls,
      ...(state !== undefined ? { state } : {}),
      violations: this.violations.length,
      elapsedMs: performance.now() - this.started,
    });
  }

  /**
   * The first body has no status where the vendor keeps it: the vendor is likely wrong, and its
   * schema violations would only repeat that on every poll, so one violation says so instead.
   */
  private wrongVendor(body: unknown): Violation | undefined {
    const pointer = this.vendor.statusField;
    if (this.vendor.readStatus(body) !== undefined) return undefined;
    const matches = matchingVendors(body, this.vendor.name, this.options.vendorCheck?.registry);
    const advice =
      matches.length > 0
        ? `It matches the schema of ${matches.join(', ')}: pass --vendor ${matches[0]}.`
        : 'It matches no known vendor’s schema: check the URL, or the vendor (jobkit vendors lists them).';
    return {
      rule: 'status-known',
      poll: 1,
      pointer,
      message: `the first body has no status at ${pointer}, where ${this.vendor.name} keeps it: is this the right vendor? ${advice}`,
    };
  }
}

/** The vendors (other than `except`) whose status schema `body` matches, with their status field set. */
function matchingVendors(
  body: unknown,
  except: string,
  registry: Pick<Registry, 'names' | 'get'> | undefined,
): string[] {
  const out: string[] = [];
  for (const name of registry?.names() ?? []) {
    if (name === except) continue;
    try {
      const vendor = registry?.get(name);
      if (vendor && vendor.readStatus(body) !== undefined && vendor.validate(body).issues.length === 0)
        out.push(name);
    } catch {
      // A vendor that does not load is no candidate; its own commands say why.
    }
  }
  return out;
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
