import type { Job } from '../../lifecycle/engine.js';

/** A job on a page, with its body when matching it needed one rendered. */
export interface Row {
  job: Job;
  body?: Record<string, unknown>;
}

/** A list's jobs: those in the route's scope newest first, and whether one matches the filters. */
export interface Walk {
  scoped(): Iterable<Job>;
  match(job: Job): Row | undefined;
}

/** One page and what lies around it, among the jobs that match. */
export interface Page {
  rows: Row[];
  /** Where the page starts among the matching jobs (positional cursors only). */
  offset?: number;
  /** Jobs match past the page's end (older). */
  more: boolean;
  /** Jobs match, or a cursor position lies, before the page's start (newer). */
  ahead: boolean;
  /** The page was asked for with a before cursor: the client travels towards newer jobs. */
  backward: boolean;
}

/** The page from `offset`; matching stops one job past the page, enough to know `more`. */
export function pageAt(walk: Walk, offset: number, limit: number): Page {
  const rows: Row[] = [];
  let matched = 0;
  let more = false;
  for (const job of walk.scoped()) {
    const row = walk.match(job);
    if (!row) continue;
    if (matched >= offset) {
      if (rows.length === limit) {
        more = true;
        break;
      }
      rows.push(row);
    }
    matched++;
  }
  return { rows, offset, more, ahead: offset > 0, backward: false };
}

/**
 * The page after the job `anchor` (which must be in scope). The anchor is a position, not a
 * match: a job that has left the filter since (its status moved on) still marks where it was.
 */
export function pageAfter(walk: Walk, anchor: string, limit: number): Page {
  const rows: Row[] = [];
  let found = false;
  let more = false;
  for (const job of walk.scoped()) {
    if (!found) {
      found = job.id === anchor;
      continue;
    }
    const row = walk.match(job);
    if (!row) continue;
    if (rows.length === limit) {
      more = true;
      break;
    }
    rows.push(row);
  }
  return { rows, more, ahead: true, backward: false };
}

/** The `limit` matching jobs just before the job `anchor`, still newest first. */
export function pageBefore(walk: Walk, anchor: string, limit: number): Page {
  const rows: Row[] = [];
  let ahead = false;
  for (const job of walk.scoped()) {
    if (job.id === anchor) break;
    const row = walk.match(job);
    if (!row) continue;
    rows.push(row);
    if (rows.length > limit) {
      rows.shift();
      ahead = true;
    }
  }
  return { rows, more: rows.length > 0, ahead, backward: true };
}

/** Every matching job, for {{total}}: only walked when the envelope asks for it. */
export function countMatches(walk: Walk): number {
  let n = 0;
  for (const job of walk.scoped()) if (walk.match(job)) n++;
  return n;
}
