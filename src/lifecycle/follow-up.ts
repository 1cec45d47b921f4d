import type { FollowUp } from '../format/types.js';
import { between, createRandom, hashSeed } from './random.js';

/**
 * A vendor's later write after a job ended (`followUp`): PostHog's cancel endpoint writes only the
 * status, and the workflow's finish write adds finished_at and latest_error a moment later. The
 * state stays; what ended the job, its finished time and its error change at the write.
 */
export interface PlannedFollowUp {
  /** Milliseconds after the job reached its terminal state. */
  ms: number;
  endedBy: string;
  error?: string;
}

/** Draws the write's delay once from the job's seed, so every poll (and a replay) sees the same. */
export function planFollowUp(
  spec: FollowUp | undefined,
  seed: number,
  key: string,
): PlannedFollowUp | undefined {
  if (!spec) return undefined;
  const ms = Math.max(1, Math.round(between(createRandom(hashSeed(seed, 'follow-up', key)), spec.ms)));
  return { ms, endedBy: spec.endedBy, ...(spec.error === undefined ? {} : { error: spec.error }) };
}

/** The parts of a terminal position the write changes. */
export interface Ended {
  finishedAt: number | undefined;
  updatedAt: number;
  endedBy: string | undefined;
  error: string | undefined;
}

/** The position after the write, once it has happened by `now` (the job ended at `endedAt`). */
export function followedUp<T extends Ended>(
  position: T,
  followUp: PlannedFollowUp | undefined,
  endedAt: number,
  now: number,
): T {
  if (!followUp || now < endedAt + followUp.ms) return position;
  const at = endedAt + followUp.ms;
  return {
    ...position,
    finishedAt: at,
    updatedAt: at,
    endedBy: followUp.endedBy,
    error: followUp.error ?? position.error,
  };
}

/** `{key: value}`, or nothing when there is no value (optional properties stay absent). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
