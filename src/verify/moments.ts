import type { PlannedStep } from '../lifecycle/engine.js';

/** A moment of a job's life to render it at: an offset from its creation, and how to name it. */
export interface Moment {
  /** Milliseconds after the job's creation. */
  at: number;
  /** Worded for a problem line: `40%`, `the start of running (12%)`, `after its end`. */
  label: string;
}

/** Shares of the scenario's length, where a wrong scale or a badly placed field shows. */
const SHARES = [0, 10, 25, 40, 50, 75, 90, 100];
/** How long after its end a finished job is looked at again: durations and "since" fields keep moving. */
export const AFTER_MS = 60_000;

/**
 * Where a scenario's job is worth rendering: at fixed shares of its length (the moment its last
 * step begins) and at each step's start, middle and last millisecond, then once after its end.
 * Sorted by time, one moment per millisecond; a share keeps its plain name where both fall.
 */
export function scenarioMoments(steps: readonly PlannedStep[]): Moment[] {
  const last = steps[steps.length - 1];
  const length = last ? last.start : 0;
  const share = (at: number) => (length > 0 ? Math.round((at / length) * 100) : 100);
  const out = new Map<number, string>();
  const add = (at: number, label: string) => {
    const ms = Math.max(0, Math.round(at));
    if (!out.has(ms)) out.set(ms, label);
  };
  for (const p of SHARES) add((length * p) / 100, `${p}%`);
  for (const step of steps) {
    add(step.start, `the start of ${step.state} (${share(step.start)}%)`);
    if (!Number.isFinite(step.end)) continue;
    const middle = (step.start + step.end) / 2;
    add(middle, `the middle of ${step.state} (${share(middle)}%)`);
    add(step.end - 1, `the end of ${step.state} (${share(step.end - 1)}%)`);
  }
  add(length + AFTER_MS, 'after its end');
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([at, label]) => ({ at, label }));
}

/** Where each control is tried: on a job just created, and on one half-way through its scenario. */
export function controlMoments(steps: readonly PlannedStep[]): Moment[] {
  const length = steps[steps.length - 1]?.start ?? 0;
  const half = Math.round(length / 2);
  return half > 0
    ? [
        { at: 0, label: '0%' },
        { at: half, label: '50%' },
      ]
    : [{ at: 0, label: '0%' }];
}
