import type { Control, MockSpec, PieceStateName, Scenario, Terminal } from '../format/types.js';
import { own } from '../util/json.js';
import { ENDED_BY_ADMIN, ENDED_BY_LIFECYCLE } from './endings.js';
import { followedUp, optional, type PlannedFollowUp, planFollowUp } from './follow-up.js';
import { planHooks } from './hooks.js';
import { between, createRandom, hashSeed, intBetween, shardName } from './random.js';
import { totalOf } from './work.js';

/**
 * The lifecycle machine is pure: a job's state at a moment is a function of the job (decided once,
 * at creation, from its seed) and the time. No timers, no mutation, no caches: tests pass a time
 * instead of faking one, and callers that want reuse own it.
 */

export interface PlannedStep {
  state: string;
  /** Offsets from the job's creation, in ms; the last step ends at Infinity. */
  start: number;
  end: number;
  progress?: [number, number];
}

export interface Plan {
  steps: PlannedStep[];
  total: number;
  pieces: number;
  groups: string[];
  pieceNames: string[];
  failRate: number;
  skipRate: number;
  bytesPerRecord: number;
  failedPieces: number;
  skippedPieces: number;
  error?: string;
  endedBy: string;
  /** The vendor's later write after the last, terminal step. */
  followUp?: PlannedFollowUp;
}

/** An intervention: admin complete/fail/cancel or a vendor cancel route, at a moment. */
export interface JobEnd {
  at: number;
  state: string;
  endedBy: string;
  /** Progress jumps to 1 (an admin "complete"). */
  finishWork?: boolean;
  error?: string;
  /** The transit state the job is in from `at` until `until` (clock ms), when it reaches `state`. */
  via?: { state: string; until: number };
  /** The vendor's later write after the job reached `state`. */
  followUp?: PlannedFollowUp;
}

export interface Job {
  id: string;
  vendor: string;
  scenario: string;
  seed: number;
  createdAt: number;
  params: Record<string, string>;
  request?: unknown;
  /** Fields the lifecycle does not own, filled once by json-schema-faker (shared, never mutated). */
  free: Record<string, unknown>;
  end?: JobEnd;
  /** When the job is (or will be) terminal, in clock ms; Infinity for a job that never ends. */
  finishesAt: number;
}

export type PieceState = PieceStateName;

export interface Piece {
  name: string;
  group: string;
  state: PieceState;
  count: number;
  error?: string;
}

export interface Snapshot {
  /** The job's plan (derived from its seed; see planJob). */
  plan: Plan;
  state: string;
  terminal?: Terminal;
  /** Index of the current step (0 = the first). */
  step: number;
  /** Past the first step (when the job ended, or now): conditions read it as `started`. */
  started: boolean;
  /** The current state is an initial one: the job waits to begin (or waits again, after a retry). */
  waiting: boolean;
  createdAt: number;
  startedAt: number;
  /** When the job first entered a non-initial state (it began work), if it has by now. */
  beganAt?: number;
  updatedAt: number;
  finishedAt?: number;
  endedBy?: string;
  /**
   * When the job entered the state an intervention (admin, cancel route) moved it to, if one did
   * by now: the intervention's moment, or the end of its transit.
   */
  endedAt?: number;
  /** The transit state an intervention moved the job into and when, from that moment on. */
  transit?: { state: string; at: number };
  progress: number;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  pieces: Piece[];
  error?: string;
}

export interface StateInfo {
  terminal?: Terminal;
  initial?: boolean;
}

/**
 * Just the timeline of a job: the same draws planJob starts with, so a job's finish time is known
 * at creation without building (and throwing away) its pieces.
 */
export function planSteps(scenario: Scenario, seed: number): PlannedStep[] {
  const random = createRandom(hashSeed(seed, 'plan'));
  return stepsFrom(scenario, random);
}

function stepsFrom(scenario: Scenario, random: () => number): PlannedStep[] {
  const steps: PlannedStep[] = [];
  let at = 0;
  scenario.steps.forEach((step, i) => {
    const last = i === scenario.steps.length - 1;
    const duration =
      last || step.ms === undefined ? Number.POSITIVE_INFINITY : Math.round(between(random, step.ms));
    steps.push({
      state: step.state,
      start: at,
      end: at + duration,
      ...(step.progress ? { progress: step.progress } : {}),
    });
    at += duration;
  });
  return steps;
}

/** Decides a job's timeline, totals and piece layout once, from its seed. */
export function planJob(
  spec: MockSpec,
  scenario: Scenario,
  seed: number,
  params: Record<string, string>,
  request?: unknown,
): Plan {
  const random = createRandom(hashSeed(seed, 'plan'));
  const steps = stepsFrom(scenario, random);
  const pieces = spec.work.pieces === undefined ? 0 : intBetween(random, spec.work.pieces);
  const groups = planHooks(spec.hooks, params, random).groups;
  const pieceNames = Array.from({ length: pieces }, () => shardName(random));
  return {
    steps,
    total: totalOf(spec.work, request, intBetween(random, spec.work.total)),
    pieces,
    groups,
    pieceNames,
    failRate: scenario.failRate ?? 0,
    bytesPerRecord: spec.work.bytesPerRecord === undefined ? 0 : intBetween(random, spec.work.bytesPerRecord),
    skipRate: scenario.skipRate ?? 0,
    failedPieces: Math.min(scenario.failedPieces ?? 0, pieces),
    skippedPieces: Math.min(scenario.skippedPieces ?? 0, pieces),
    ...(scenario.error === undefined ? {} : { error: scenario.error }),
    endedBy: scenario.endedBy ?? ENDED_BY_LIFECYCLE,
    ...optional('followUp', planFollowUp(scenario.followUp, seed, 'scenario')),
  };
}

const NO_PIECES: Piece[] = [];

/** When a job following `plan` becomes terminal (Infinity when its last step is not terminal). */
export function naturalFinish(
  createdAt: number,
  steps: PlannedStep[],
  states: Record<string, StateInfo>,
): number {
  const last = steps[steps.length - 1] as PlannedStep;
  return own(states, last.state)?.terminal ? createdAt + last.start : Number.POSITIVE_INFINITY;
}

/**
 * What a control does to a job at `at`. A transit lasts at least a millisecond, so the control's
 * own answer shows it; its length is drawn from the job's seed, so a replay draws the same.
 */
export function endOf(job: Job, control: Control, at: number, finishWork: boolean): JobEnd {
  const transit = control.via;
  const ms = transit
    ? Math.max(1, Math.round(between(createRandom(hashSeed(job.seed, 'via', control.state)), transit.ms)))
    : 0;
  return {
    at,
    state: control.state,
    endedBy: control.endedBy ?? ENDED_BY_ADMIN,
    ...(finishWork ? { finishWork: true } : {}),
    ...(control.error === undefined ? {} : { error: control.error }),
    ...(transit ? { via: { state: transit.state, until: at + ms } } : {}),
    ...optional('followUp', planFollowUp(control.followUp, job.seed, control.state)),
  };
}

/** Where the job is, and since when, at a moment: the planned step, or what an intervention made of it. */
interface Position {
  state: string;
  terminal: Terminal | undefined;
  finishedAt: number | undefined;
  updatedAt: number;
  endedBy: string | undefined;
  error: string | undefined;
  /** When the job entered the intervention's state (not while in its transit). */
  endedAt?: number;
}

/**
 * After an intervention at `end.at`: in its transit state until `end.via.until` (not yet ended),
 * then in its state. Progress and counters stay where they were at `end.at` either way.
 */
function intervened(end: JobEnd, plan: Plan, now: number, states: Record<string, StateInfo>): Position {
  if (end.via && now < end.via.until) {
    const state = end.via.state;
    const terminal = own(states, state)?.terminal;
    return {
      state,
      terminal,
      finishedAt: undefined,
      updatedAt: end.at,
      endedBy: undefined,
      error: undefined,
    };
  }
  const terminal = own(states, end.state)?.terminal;
  const at = end.via ? end.via.until : end.at;
  const position: Position = {
    state: end.state,
    terminal,
    finishedAt: terminal ? at : undefined,
    updatedAt: at,
    endedBy: end.endedBy,
    error: end.error ?? (terminal === 'success' ? undefined : plan.error),
    endedAt: at,
  };
  return terminal ? followedUp(position, end.followUp, at, now) : position;
}

/** Where the job is at time `now` (ms on the server's clock). */
export function snapshotAt(
  job: Job,
  plan: Plan,
  now: number,
  states: Record<string, StateInfo>,
  withPieces = true,
): Snapshot {
  const end = job.end && now >= job.end.at ? job.end : undefined;
  const t = Math.max(0, (end ? end.at : now) - job.createdAt);
  let index = plan.steps.findIndex((s) => t >= s.start && t < s.end);
  if (index === -1) index = plan.steps.length - 1;
  const step = plan.steps[index] as PlannedStep;
  let progress = progressAt(plan, index, t);
  const planned = own(states, step.state)?.terminal;
  const { state, terminal, finishedAt, updatedAt, endedBy, error, endedAt }: Position = end
    ? intervened(end, plan, now, states)
    : followedUp(
        {
          state: step.state,
          terminal: planned,
          finishedAt: planned ? job.createdAt + step.start : undefined,
          updatedAt: job.createdAt + step.start,
          endedBy: planned ? plan.endedBy : undefined,
          error: planned && planned !== 'success' ? plan.error : undefined,
        },
        planned ? plan.followUp : undefined,
        job.createdAt + step.start,
        now,
      );
  if (end?.finishWork && endedAt !== undefined) progress = 1;
  if (terminal === 'success') progress = 1;

  const counts = countsAt(plan, progress, terminal === 'success');
  const beganAt = firstNonInitial(job, plan, index, states, end, endedAt);
  return {
    plan,
    state,
    ...(terminal ? { terminal } : {}),
    step: index,
    started: index > 0,
    waiting: own(states, state)?.initial === true,
    createdAt: job.createdAt,
    startedAt: job.createdAt,
    ...(beganAt === undefined ? {} : { beganAt }),
    updatedAt,
    ...(finishedAt === undefined ? {} : { finishedAt }),
    ...(endedBy === undefined ? {} : { endedBy }),
    ...(endedAt === undefined ? {} : { endedAt }),
    ...(end?.via ? { transit: { state: end.via.state, at: end.at } } : {}),
    progress,
    ...counts,
    pieces: withPieces ? piecesAt(plan, progress, terminal, error) : NO_PIECES,
    ...(error === undefined ? {} : { error }),
  };
}

/** When the job entered `state`, if it has by the snapshot's moment (the first time, if twice). */
export function enteredAt(snap: Snapshot, state: string): number | undefined {
  const steps = snap.plan.steps;
  for (let i = 0; i <= snap.step && i < steps.length; i++) {
    const step = steps[i] as PlannedStep;
    if (step.state === state) return snap.createdAt + step.start;
  }
  if (snap.transit?.state === state) return snap.transit.at;
  if (snap.endedAt !== undefined && snap.state === state) return snap.endedAt;
  return undefined;
}

/**
 * When the job first entered a state that is not initial, along the path it took by now: its
 * planned steps so far, then an intervention's transit and state. The path only walks legal
 * moves, so a later state is always reachable from this one (the rules rely on it).
 */
function firstNonInitial(
  job: Job,
  plan: Plan,
  index: number,
  states: Record<string, StateInfo>,
  end: JobEnd | undefined,
  endedAt: number | undefined,
): number | undefined {
  for (let i = 0; i <= index && i < plan.steps.length; i++) {
    const step = plan.steps[i] as PlannedStep;
    if (!own(states, step.state)?.initial) return job.createdAt + step.start;
  }
  if (!end) return undefined;
  if (end.via && !own(states, end.via.state)?.initial) return end.at;
  if (endedAt !== undefined && !own(states, end.state)?.initial) return endedAt;
  return undefined;
}

function progressAt(plan: Plan, index: number, t: number): number {
  let progress = 0;
  for (let i = 0; i <= index; i++) {
    const step = plan.steps[i] as PlannedStep;
    if (!step.progress) continue;
    const [from, to] = step.progress;
    if (i < index) progress = to;
    else if (!Number.isFinite(step.end))
      progress = from; // a last, endless step holds its progress (stuck)
    else
      progress =
        from + (to - from) * Math.min(1, Math.max(0, (t - step.start) / (step.end - step.start || 1)));
  }
  return Math.min(1, Math.max(0, progress));
}

function countsAt(plan: Plan, progress: number, success: boolean) {
  const reached = success ? plan.total : Math.floor(progress * plan.total);
  const failed = Math.floor(reached * plan.failRate);
  const skipped = Math.floor(reached * plan.skipRate);
  return { total: plan.total, done: reached - failed - skipped, failed, skipped };
}

function piecesAt(
  plan: Plan,
  progress: number,
  terminal: Terminal | undefined,
  error: string | undefined,
): Piece[] {
  const n = plan.pieces;
  if (n === 0) return [];
  const share = plan.total / n;
  const pieces: Piece[] = [];
  for (let i = 0; i < n; i++) {
    const name = plan.pieceNames[i] as string;
    const group = plan.groups.length > 0 ? (plan.groups[i % plan.groups.length] as string) : '';
    if (i < plan.skippedPieces) {
      pieces.push({ name, group, state: 'skipped', count: 0 });
      continue;
    }
    const fraction = terminal === 'success' ? 1 : Math.min(1, Math.max(0, progress * n - i));
    // A successful job has no failed piece (an admin complete finishes the pieces a scenario would fail).
    const failsAtEnd = terminal !== 'success' && i >= n - plan.failedPieces;
    let state: PieceState =
      fraction >= 1 ? (failsAtEnd ? 'failed' : 'done') : fraction > 0 ? 'running' : 'pending';
    if (terminal === 'failure' && state === 'running') state = 'failed';
    const count = Math.floor(fraction * share);
    pieces.push({ name, group, state, count });
  }
  // A failed job has a failed piece (Weaviate fails as soon as one node does): the one in flight,
  // or the next one due when the failure fell between pieces.
  if (terminal === 'failure' && !pieces.some((p) => p.state === 'failed')) {
    const next = pieces.find((p) => p.state === 'pending');
    if (next) next.state = 'failed';
  }
  for (const p of pieces) if (p.state === 'failed') p.error = error ?? 'piece failed';
  return pieces;
}
