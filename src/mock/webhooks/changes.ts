import type { Job, Snapshot } from '../../lifecycle/engine.js';
import type { MockVendor } from '../jobs.js';

/** One state a job entered, at the moment it entered it. */
export interface StateChange {
  /** Clock ms of the change. */
  at: number;
  snap: Snapshot;
  /** The state before (null for the first one reported). */
  previous: string | null;
}

/** How far a job's changes have been reported: up to `at`, the last one being `state`. */
export interface Cursor {
  at: number;
  state: string | null;
  /** The last state reported is terminal: the job changes no more. */
  ended?: true;
}

/**
 * The moments a job's state can change, in order: the start of each planned step it reaches
 * before an intervention, the intervention, and the end of the intervention's transit. A job's
 * state is a pure function of time that changes only at these (a follow-up write keeps the state).
 */
export function changeTimes(vendor: MockVendor, job: Job): number[] {
  const end = job.end;
  const times: number[] = [];
  for (const step of vendor.planOf(job).steps) {
    const at = job.createdAt + step.start;
    if (!Number.isFinite(at) || (end !== undefined && at >= end.at)) break;
    times.push(at);
  }
  if (end) {
    times.push(end.at);
    if (end.via) times.push(end.via.until);
  }
  return times;
}

/** Where a job first watched from `since` starts: its creation, when it was created after. */
export function startCursor(job: Job, since: number, now: number): Cursor {
  return { at: Math.min(Math.max(job.createdAt, since), now), state: null };
}

/**
 * Every state change of `job` from `cursor` to `now`, in order, each with its snapshot at its own
 * moment; a cursor with no state yet reports the state at its moment first. The cursor's own
 * moment is looked at again: an intervention made at the instant of the last look changes the
 * state at that instant. Moves the cursor to `now`.
 */
export function changesSince(vendor: MockVendor, job: Job, cursor: Cursor, now: number): StateChange[] {
  const out: StateChange[] = [];
  const look = (at: number) => {
    const snap = vendor.snapshot(job, at);
    if (snap.state === cursor.state) return;
    out.push({ at, snap, previous: cursor.state });
    cursor.state = snap.state;
    if (snap.terminal) cursor.ended = true;
  };
  if (cursor.state === null) look(cursor.at);
  for (const at of changeTimes(vendor, job)) {
    if (at < cursor.at) continue;
    if (at > now) break;
    look(at);
  }
  cursor.at = Math.max(cursor.at, now);
  return out;
}
