import { isObject } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import { between, createRandom, fillIdTemplate, hashSeed, intBetween, type Random } from './random.js';
import type { Condition, FieldSpec, MockSpec, Scenario, Terminal } from './types.js';

/**
 * The lifecycle engine is pure: a job's body at a moment is a function of the job (decided once,
 * at creation, from its seed) and the time. No timers, no mutation while rendering; tests pass a
 * time instead of faking one.
 */

/**
 * What ended a job when its scenario or control does not say: lifecycle files match these in
 * `endedBy` conditions, so the mock and the rules (which states may lack a finished time) agree.
 */
export const ENDED_BY_LIFECYCLE = 'lifecycle';
export const ENDED_BY_ADMIN = 'admin';

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
}

/** An intervention: admin complete/fail/cancel or a vendor cancel route, at a moment. */
export interface JobEnd {
  at: number;
  state: string;
  endedBy: string;
  /** Progress jumps to 1 (an admin "complete"). */
  finishWork?: boolean;
  error?: string;
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

export type PieceState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

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
  createdAt: number;
  startedAt: number;
  updatedAt: number;
  finishedAt?: number;
  endedBy?: string;
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
): Plan {
  const random = createRandom(hashSeed(seed, 'plan'));
  const steps = stepsFrom(scenario, random);
  const pieces = spec.work.pieces === undefined ? 0 : intBetween(random, spec.work.pieces);
  const paramGroups = params.groups?.split(',').filter(Boolean);
  const pool = paramGroups && paramGroups.length > 0 ? paramGroups : (spec.work.groups ?? []);
  const groupCount =
    paramGroups && paramGroups.length > 0 ? pool.length : Math.min(pool.length, 1 + Math.floor(random() * 3));
  const groups = pool.slice(0, Math.max(groupCount, pool.length > 0 ? 1 : 0));
  const pieceNames = Array.from({ length: pieces }, () => shardName(random));
  return {
    steps,
    total: intBetween(random, spec.work.total),
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
  };
}

function shardName(random: () => number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 12; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}

const NO_PIECES: Piece[] = [];

/** When a job following `plan` becomes terminal (Infinity when its last step is not terminal). */
export function naturalFinish(
  createdAt: number,
  steps: PlannedStep[],
  states: Record<string, StateInfo>,
): number {
  const last = steps[steps.length - 1] as PlannedStep;
  return states[last.state]?.terminal ? createdAt + last.start : Number.POSITIVE_INFINITY;
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
  let state = step.state;
  let terminal = states[state]?.terminal;
  let finishedAt = terminal ? job.createdAt + step.start : undefined;
  let updatedAt = job.createdAt + step.start;
  let endedBy = terminal ? plan.endedBy : undefined;
  let error = terminal && terminal !== 'success' ? plan.error : undefined;
  if (end) {
    state = end.state;
    terminal = states[state]?.terminal;
    finishedAt = terminal ? end.at : undefined;
    updatedAt = end.at;
    endedBy = end.endedBy;
    error = end.error ?? (terminal === 'success' ? undefined : plan.error);
    if (end.finishWork) progress = 1;
  }
  if (terminal === 'success') progress = 1;

  const counts = countsAt(plan, progress, terminal === 'success');
  return {
    plan,
    state,
    ...(terminal ? { terminal } : {}),
    step: index,
    createdAt: job.createdAt,
    startedAt: job.createdAt,
    updatedAt,
    ...(finishedAt === undefined ? {} : { finishedAt }),
    ...(endedBy === undefined ? {} : { endedBy }),
    progress,
    ...counts,
    pieces: withPieces ? piecesAt(plan, progress, terminal, error) : NO_PIECES,
    ...(error === undefined ? {} : { error }),
  };
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
    const failsAtEnd = i >= n - plan.failedPieces;
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

/* ---------------------------------------------------------------- rendering */

export interface RenderContext {
  job: Job;
  snap: Snapshot;
  piece?: Piece;
}

type Source = (spec: FieldSpec, ctx: RenderContext, arg: string) => unknown;

/**
 * What a job's renders recompute from one poll to the next though it cannot change: formatted
 * times (created and started never move, finished once set), the error lines (the first n of one
 * seeded list) and filled templates. Kept per plan: one per job, in MockVendor's bounded cache,
 * so it goes when the plan does. Entries hold their inputs and are used only when those match.
 */
interface RenderMemo {
  times: Map<FieldSpec, { ms: number; seed: number; format: TimeFormat; value: unknown }>;
  errors: Map<FieldSpec, ErrorList & { seed: number }>;
  templates: Map<FieldSpec, { job: Job; value: string | undefined }>;
}

const memos = new WeakMap<Plan, RenderMemo>();
// A body's fields are rendered one after another for the same plan: most lookups end here.
let lastPlan: Plan | undefined;
let lastMemo: RenderMemo | undefined;

function memoOf(plan: Plan): RenderMemo {
  if (plan === lastPlan && lastMemo) return lastMemo;
  let memo = memos.get(plan);
  if (!memo) {
    memo = { times: new Map(), errors: new Map(), templates: new Map() };
    memos.set(plan, memo);
  }
  lastPlan = plan;
  lastMemo = memo;
  return memo;
}

function renderTime(ms: number | undefined, spec: FieldSpec, { job, snap }: RenderContext): unknown {
  if (ms === undefined) return undefined;
  const format = timeFormat(spec);
  const times = memoOf(snap.plan).times;
  const known = times.get(spec);
  if (known && known.ms === ms && known.seed === job.seed && known.format === format) return known.value;
  const value = formatTime(ms, spec, job.seed, format);
  // An object from a custom format could be changed by whoever gets the body: never shared.
  if (value === null || typeof value !== 'object') times.set(spec, { ms, seed: job.seed, format, value });
  return value;
}

/** Longer lists are built per render, as before: the memo stays small. */
const ERROR_MEMO_MAX = 1000;

interface ErrorList {
  random: Random;
  line: number;
  items: string[];
}

function newErrorList(seed: number): ErrorList {
  return { random: createRandom(hashSeed(seed, 'errors')), line: 0, items: [] };
}

/** Grows the seeded list to n lines: a prefix never changes, so a list for n lines starts the one for more. */
function growErrors(list: ErrorList, templates: string[], n: number): void {
  while (list.items.length < n) {
    const i = list.items.length;
    const line = list.line + 1 + Math.floor(list.random() * 40);
    list.items.push((templates[i % templates.length] as string).replace('{n}', String(line)));
    list.line = line;
  }
}

function errorLines(spec: FieldSpec, count: number, { job, snap }: RenderContext): string[] {
  if (!(count > 0)) return [];
  const templates = Array.isArray(spec.value) ? (spec.value as string[]) : ['record {n}: rejected'];
  // As many lines as `for (i = 0; i < count; i++)` makes.
  const n = Math.ceil(count);
  if (n > ERROR_MEMO_MAX) {
    const list = newErrorList(job.seed);
    growErrors(list, templates, n);
    return list.items;
  }
  const errors = memoOf(snap.plan).errors;
  let list = errors.get(spec);
  if (!list || list.seed !== job.seed) {
    list = { ...newErrorList(job.seed), seed: job.seed };
    errors.set(spec, list);
  }
  growErrors(list, templates, n);
  return list.items.slice(0, n);
}

/** The `template` source: what it picks and fills depends on the job alone (its id, params and seed). */
function renderTemplate(spec: FieldSpec, ctx: RenderContext): string | undefined {
  const templates = memoOf(ctx.snap.plan).templates;
  const known = templates.get(spec);
  if (known && known.job === ctx.job) return known.value;
  const chosen =
    spec.key !== undefined && isObject(spec.value) ? spec.value[ctx.job.params[spec.key] ?? ''] : spec.value;
  const value = typeof chosen === 'string' ? fillTemplate(chosen, ctx) : undefined;
  templates.set(spec, { job: ctx.job, value });
  return value;
}

function timeFormat(spec: FieldSpec): TimeFormat {
  return TIME_FORMATS[spec.format ?? 'iso'] ?? (TIME_FORMATS.iso as TimeFormat);
}

function formatTime(ms: number, spec: FieldSpec, seed: number, format: TimeFormat): unknown {
  let t = ms + (spec.addMs ?? 0);
  if (spec.floorMs) t = Math.floor(t / spec.floorMs) * spec.floorMs;
  return format(t, seed);
}

type TimeFormat = (ms: number, seed: number) => unknown;

/** Time formats vendors send, registered by name. */
export const TIME_FORMATS: Record<string, TimeFormat> = {
  iso: (ms) => new Date(ms).toISOString(),
  'iso-seconds': (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  // Django REST framework: microseconds. Sub-millisecond digits are seeded, so they stay put between polls.
  'iso-micro': (ms, seed) =>
    new Date(ms).toISOString().replace(/Z$/, `${String(hashSeed(seed, ms) % 1000).padStart(3, '0')}Z`),
  'unix-s': (ms) => Math.floor(ms / 1000),
  'unix-ms': (ms) => Math.floor(ms),
};

/** What a field can be computed from. A vendor's lifecycle file picks among these by name. */
export const SOURCES: Record<string, Source> = {
  id: (_s, { job }) => job.id,
  param: (_s, { job }, name) => job.params[name],
  request: (_s, { job }, pointer) => (job.request === undefined ? undefined : getAt(job.request, pointer)),
  state: (_s, { snap }) => snap.state,
  'time.created': (s, ctx) => renderTime(ctx.snap.createdAt, s, ctx),
  'time.started': (s, ctx) => renderTime(ctx.snap.startedAt, s, ctx),
  'time.updated': (s, ctx) => renderTime(ctx.snap.updatedAt, s, ctx),
  'time.finished': (s, ctx) => renderTime(ctx.snap.finishedAt, s, ctx),
  duration: (_s, { snap }) => (snap.finishedAt === undefined ? undefined : snap.finishedAt - snap.startedAt),
  'count.total': (_s, { snap }) => snap.total,
  'count.done': (_s, { snap }) => snap.done,
  'count.failed': (_s, { snap }) => snap.failed,
  'count.skipped': (_s, { snap }) => snap.skipped,
  'count.processed': (_s, { snap }) => snap.done + snap.failed + snap.skipped,
  'count.bytes': (_s, { snap }) => snap.done * snap.plan.bytesPerRecord,
  progress: (s, { snap }) =>
    s.integer ? Math.floor(snap.progress * 100) : Math.round(snap.progress * 10000) / 100,
  error: (_s, { snap }) => snap.error,
  errors: (s, ctx) => errorLines(s, Math.min(ctx.snap.failed, s.max ?? 100), ctx),
  'pieces.total': (_s, { snap }) => snap.pieces.length,
  'pieces.done': (_s, { snap }) => snap.pieces.filter((p) => p.state === 'done').length,
  'pieces.failed': (_s, { snap }) => snap.pieces.filter((p) => p.state === 'failed').length,
  'pieces.skipped': (_s, { snap }) => snap.pieces.filter((p) => p.state === 'skipped').length,
  'pieces.tree': (s, ctx) => {
    const tree: Record<string, Record<string, unknown>> = {};
    const fields = s.fields ?? {};
    // One context for every piece: the sources read it while rendering and keep no reference.
    const pieceCtx: RenderContext = { ...ctx };
    for (const piece of ctx.snap.pieces) {
      pieceCtx.piece = piece;
      tree[piece.group] ??= {};
      (tree[piece.group] as Record<string, unknown>)[piece.name] = renderFields(fields, pieceCtx, {});
    }
    return tree;
  },
  groups: (_s, { snap }) => [...snap.plan.groups],
  'piece.state': (_s, { piece }) => piece?.state,
  'piece.count': (_s, { piece }) => piece?.count,
  'piece.error': (_s, { piece }) => piece?.error,
  const: (s) => fresh(s.value),
  template: renderTemplate,
  free: (_s, { job }, pointer) => getAt(job.free, pointer),
  object: (s, ctx) => renderFields(s.fields ?? {}, ctx, {}),
};

/** {id}, {param.x}, {scenario}, {vendor}, and seeded {hex:N} / {alnum:N} / {uuid} (stable per job). */
export function fillTemplate(template: string, { job }: RenderContext): string {
  const named = template.replace(/\{(id|param\.[\w-]+|scenario|vendor)\}/g, (_m, key: string) => {
    if (key === 'id') return job.id;
    if (key === 'scenario') return job.scenario;
    if (key === 'vendor') return job.vendor;
    return job.params[key.slice(6)] ?? '';
  });
  return named.includes('{') ? fillIdTemplate(named, createRandom(hashSeed(job.seed, template)), 0) : named;
}

export function holds(condition: Condition | undefined, snap: Snapshot, piece?: Piece): boolean {
  if (condition === undefined || condition === 'always') return true;
  if (typeof condition === 'string') {
    switch (condition) {
      case 'started':
        // Past the first step when the job ended (or now): a run cancelled while Starting never started.
        return snap.step > 0;
      case 'active':
        return snap.terminal === undefined;
      case 'terminal':
        return snap.terminal !== undefined;
      default:
        return snap.terminal === condition;
    }
  }
  if ('states' in condition) return condition.states.includes(snap.state);
  if ('endedBy' in condition) return snap.endedBy !== undefined && condition.endedBy.includes(snap.endedBy);
  if ('pieces' in condition) return piece !== undefined && condition.pieces.includes(piece.state);
  if ('not' in condition) return !holds(condition.not, snap, piece);
  if ('all' in condition) return condition.all.every((c) => holds(c, snap, piece));
  return condition.any.some((c) => holds(c, snap, piece));
}

/** Copies a value only when it can be mutated (objects); primitives are shared as they are. */
function fresh<T>(value: T): T {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

type CompiledField = (ctx: RenderContext, out: Record<string, unknown>) => void;

/**
 * A field spec, compiled once into a closure: the source is looked up, the condition and the
 * unset value prepared, so rendering a body (the mock's hot path) parses nothing.
 */
function compileField(key: string, spec: FieldSpec): CompiledField {
  const colon = spec.from.indexOf(':');
  const name = colon === -1 ? spec.from : spec.from.slice(0, colon);
  const arg = colon === -1 ? '' : spec.from.slice(colon + 1);
  const source = SOURCES[name];
  if (!source) throw new Error(`unknown field source "${spec.from}"`);
  const hasUnset = 'unset' in spec;
  const unset = spec.unset;
  const when = spec.when;
  const fallback = spec.fallback ? compileField(key, spec.fallback) : undefined;
  const hasDefault = spec.default !== undefined;
  const map = spec.map;
  const omitZero = spec.omitZero === true;
  const setUnset = (out: Record<string, unknown>) => {
    if (hasUnset) out[key] = fresh(unset);
    else delete out[key];
  };
  return (ctx, out) => {
    if (when !== undefined && !holds(when, ctx.snap, ctx.piece)) return setUnset(out);
    let value = source(spec, ctx, arg);
    if (value === undefined) {
      if (fallback) return fallback(ctx, out);
      if (hasDefault) value = fresh(spec.default);
      else return setUnset(out);
    }
    if (map && typeof value !== 'object') value = map[String(value)] ?? value;
    if (omitZero && (value === 0 || value === '' || (Array.isArray(value) && value.length === 0))) {
      delete out[key];
      return;
    }
    out[key] = value;
  };
}

const compiledFields = new WeakMap<Record<string, FieldSpec>, CompiledField[]>();

function renderFields(
  fields: Record<string, FieldSpec>,
  ctx: RenderContext,
  out: Record<string, unknown>,
): Record<string, unknown> {
  let compiled = compiledFields.get(fields);
  if (!compiled) {
    compiled = Object.entries(fields).map(([key, spec]) => compileField(key, spec));
    compiledFields.set(fields, compiled);
  }
  for (const field of compiled) field(ctx, out);
  return out;
}

/** The status body of `job` at the snapshot: lifecycle fields, then the free fields faker filled. */
export function renderBody(spec: MockSpec, job: Job, snap: Snapshot): Record<string, unknown> {
  const body = renderFields(spec.body, { job, snap }, {});
  for (const key in job.free) {
    if (!(key in spec.body)) body[key] = fresh(job.free[key]);
  }
  return body;
}

/** Whether rendering needs the per-piece breakdown (it costs allocations on every render). */
export function usesPieces(spec: MockSpec): boolean {
  return JSON.stringify(spec.body).includes('"pieces.');
}

/** Names the field sources, for validating lifecycle files. */
export function isKnownSource(from: string): boolean {
  const colon = from.indexOf(':');
  return (colon === -1 ? from : from.slice(0, colon)) in SOURCES;
}
