import type { FieldSpec } from '../format/types.js';
import { isObject, own } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import { enteredAt, type Job, type Piece, type Snapshot } from './machine.js';
import { memoErrors, memoTime, type RenderMemo } from './memo.js';
import { createRandom, fillIdTemplate, hashSeed } from './random.js';
import { timeFormat } from './times.js';

export interface RenderContext {
  job: Job;
  snap: Snapshot;
  piece?: Piece;
  memo: RenderMemo;
  /** A moment as the body shows it (wall-clock timestamps); absent: as the clock reads it. */
  shown?: (ms: number) => number;
  /** Renders nested fields (objects, piece trees) with the same compiled specs. */
  nested(fields: Record<string, FieldSpec>, ctx: RenderContext): Record<string, unknown>;
}

/**
 * What a field *means*, for the contract runner: the rule model is built from these tags, so a
 * source and the rules it carries are declared in one place.
 * - `id`, `time` (a `when` of created / started / began / finished / entered), `duration`;
 * - `total` and `part` of a `group` (count or pieces): parts never exceed their total, totals stay;
 * - `processed`: grows, and never exceeds the count total;
 * - `grows`: never decreases (bytes, a piece's count);
 * - `progress`, `list-part` (a list whose length counts as failures), `tree`, `object`, `piece-status`.
 */
export type Meaning =
  | { kind: 'id' }
  | { kind: 'time'; time: 'created' | 'started' | 'began' | 'finished' | 'entered' }
  | { kind: 'duration' }
  | { kind: 'total'; group: 'count' | 'pieces' }
  | { kind: 'part'; group: 'count' | 'pieces'; part: 'done' | 'failed' | 'skipped' }
  | { kind: 'processed' }
  | { kind: 'grows' }
  | { kind: 'progress' }
  | { kind: 'list-part' }
  | { kind: 'tree' }
  | { kind: 'object' }
  | { kind: 'piece-status' };

export interface SourceDef {
  render: (spec: FieldSpec, ctx: RenderContext, arg: string) => unknown;
  meaning?: Meaning;
  /** What follows the colon (`param:project_id`), when the source takes one. */
  arg?: 'param' | 'pointer' | 'state';
  /** Reads the per-piece breakdown (it costs allocations on every render). */
  pieces?: boolean;
  description: string;
}

const time =
  (at: (snap: Snapshot, arg: string) => number | undefined) =>
  (spec: FieldSpec, ctx: RenderContext, arg: string) => {
    const moment = at(ctx.snap, arg);
    if (moment === undefined) return undefined;
    const ms = ctx.shown ? ctx.shown(moment) : moment;
    return memoTime(ctx.memo, spec, ms, ctx.job.seed, timeFormat(spec.format));
  };

const count =
  (read: (snap: Snapshot) => number) =>
  (_s: FieldSpec, { snap }: RenderContext) =>
    read(snap);
const piecesIn =
  (state: Piece['state']) =>
  (_s: FieldSpec, { snap }: RenderContext) =>
    snap.pieces.filter((p) => p.state === state).length;

/** count.active works on one twentieth of the records at a time (at least one). */
const ACTIVE_SLICE = 20;

function remainingOf(s: Snapshot): number {
  return s.total - s.done - s.failed - s.skipped;
}

function activeOf(s: Snapshot): number {
  if (!s.started || s.waiting || s.terminal !== undefined) return 0;
  return Math.min(remainingOf(s), Math.max(1, Math.ceil(s.total / ACTIVE_SLICE)));
}

function cancelledOf(s: Snapshot): number {
  return s.terminal === 'cancelled' ? remainingOf(s) : 0;
}

/** What a field can be computed from. A vendor file picks among these by name in `from`. */
export const SOURCES: Readonly<Record<string, SourceDef>> = {
  id: { render: (_s, { job }) => job.id, meaning: { kind: 'id' }, description: 'The job id.' },
  param: {
    render: (_s, { job }, name) => own(job.params, name),
    arg: 'param',
    description: 'A job parameter (a path parameter, a default param).',
  },
  request: {
    render: (_s, { job }, pointer) => (job.request === undefined ? undefined : getAt(job.request, pointer)),
    arg: 'pointer',
    description: 'A value of the create request body, at a JSON pointer.',
  },
  state: { render: (_s, { snap }) => snap.state, description: 'The status (the state name).' },
  'time.created': {
    render: time((s) => s.createdAt),
    meaning: { kind: 'time', time: 'created' },
    description: 'When the job was created; never changes.',
  },
  'time.started': {
    render: time((s) => s.startedAt),
    meaning: { kind: 'time', time: 'started' },
    description:
      'When the job started (its creation: these APIs start work at once; `time.began` is the start of a job that queues first); never changes.',
  },
  'time.began': {
    render: time((s) => s.beganAt),
    meaning: { kind: 'time', time: 'began' },
    description:
      'When the job left its initial state(s) and began work (entered its first non-initial state): the startedAt of APIs that queue first; unset while it waits; never changes once set.',
  },
  'time.entered': {
    render: time(enteredAt),
    arg: 'state',
    meaning: { kind: 'time', time: 'entered' },
    description:
      'When the job entered the named state (`time.entered:running`); unset before; never changes once set.',
  },
  'time.updated': { render: time((s) => s.updatedAt), description: 'When the job last changed state.' },
  'time.finished': {
    render: time((s) => s.finishedAt),
    meaning: { kind: 'time', time: 'finished' },
    description: 'When the job became terminal; unset before.',
  },
  duration: {
    render: (_s, { snap, shown }) => {
      if (snap.finishedAt === undefined) return undefined;
      // Shown times and their duration agree: both are wall-clock when the times are.
      return shown ? shown(snap.finishedAt) - shown(snap.startedAt) : snap.finishedAt - snap.startedAt;
    },
    meaning: { kind: 'duration' },
    description: 'Finished − started, in ms.',
  },
  'count.total': {
    render: count((s) => s.total),
    meaning: { kind: 'total', group: 'count' },
    description: 'Records the job handles; known from the start.',
  },
  'count.done': {
    render: count((s) => s.done),
    meaning: { kind: 'part', group: 'count', part: 'done' },
    description: 'Records done; grows.',
  },
  'count.failed': {
    render: count((s) => s.failed),
    meaning: { kind: 'part', group: 'count', part: 'failed' },
    description: 'Records failed; grows.',
  },
  'count.skipped': {
    render: count((s) => s.skipped),
    meaning: { kind: 'part', group: 'count', part: 'skipped' },
    description: 'Records skipped; grows.',
  },
  'count.processed': {
    render: count((s) => s.done + s.failed + s.skipped),
    meaning: { kind: 'processed' },
    description: 'Done + failed + skipped; grows.',
  },
  'count.remaining': {
    render: count(remainingOf),
    description: 'Total − processed: goes down.',
  },
  'count.active': {
    render: count(activeOf),
    description: `Records in flight: while the job is past its first step, in a state neither initial nor terminal, a slice of the remaining ones (min(remaining, max(1, ceil(total / ${ACTIVE_SLICE})))); 0 before and once terminal. Goes up and down.`,
  },
  'count.pending': {
    render: count((s) => remainingOf(s) - activeOf(s) - cancelledOf(s)),
    description:
      'Records waiting, not started: remaining − active, and 0 once the job ended cancelled (those are cancelled). Goes down, and up when records leave flight unfinished.',
  },
  'count.cancelled': {
    render: count(cancelledOf),
    description:
      'Records the job never processed because it was cancelled: 0 unless it ended cancelled, then the remaining ones. Set once, at the end.',
  },
  'count.bytes': {
    render: count((s) => s.done * s.plan.bytesPerRecord),
    meaning: { kind: 'grows' },
    description: 'Bytes written; grows.',
  },
  progress: {
    render: progress,
    meaning: { kind: 'progress' },
    description: 'Overall progress, 0 to `scale` (default 100).',
  },
  error: {
    render: (_s, { snap }) => snap.error,
    description: 'The error message of a failed or cancelled job.',
  },
  errors: {
    render: (s, ctx) => memoErrors(ctx.memo, s, Math.min(ctx.snap.failed, s.max ?? 100), ctx.job.seed),
    meaning: { kind: 'list-part' },
    description:
      'One line per failed record (at most `max`), from the templates in `value` ({{n}} is a record number).',
  },
  'pieces.total': {
    render: (_s, { snap }) => snap.pieces.length,
    pieces: true,
    meaning: { kind: 'total', group: 'pieces' },
    description: 'Pieces (shards, parts) of the job.',
  },
  'pieces.done': {
    render: piecesIn('done'),
    pieces: true,
    meaning: { kind: 'part', group: 'pieces', part: 'done' },
    description: 'Pieces done; grows.',
  },
  'pieces.failed': {
    render: piecesIn('failed'),
    pieces: true,
    meaning: { kind: 'part', group: 'pieces', part: 'failed' },
    description: 'Pieces failed; grows; none on success.',
  },
  'pieces.skipped': {
    render: piecesIn('skipped'),
    pieces: true,
    meaning: { kind: 'part', group: 'pieces', part: 'skipped' },
    description: 'Pieces skipped; grows.',
  },
  'pieces.tree': {
    render: pieceTree,
    pieces: true,
    meaning: { kind: 'tree' },
    description: 'An object of groups of pieces, each rendered with `fields`.',
  },
  groups: {
    render: (_s, { snap }) => [...snap.plan.groups],
    description: 'The names of the groups pieces belong to.',
  },
  'piece.state': {
    render: (_s, { piece }) => piece?.state,
    meaning: { kind: 'piece-status' },
    description: 'Inside a piece tree: the piece state (pending, running, done, failed, skipped), via `map`.',
  },
  'piece.count': {
    render: (_s, { piece }) => piece?.count,
    meaning: { kind: 'grows' },
    description: 'Inside a piece tree: records the piece has done; grows.',
  },
  'piece.error': {
    render: (_s, { piece }) => piece?.error,
    description: "Inside a piece tree: the failed piece's error.",
  },
  const: { render: (s) => fresh(s.value), description: 'The fixed `value`.' },
  template: {
    render: renderTemplate,
    description:
      'A string template in `value` ({{id}}, {{param.x}}, {{scenario}}, {{vendor}}, {{hex:N}} …), or an object of them picked by the job parameter `key`.',
  },
  free: {
    render: (_s, { job }, pointer) => getAt(job.free, pointer),
    arg: 'pointer',
    description: 'A value json-schema-faker made for the job, at a pointer.',
  },
  object: {
    render: (s, ctx) => ctx.nested(s.fields ?? {}, ctx),
    meaning: { kind: 'object' },
    description: 'An object of `fields`.',
  },
};

export function sourceName(from: string): string {
  const colon = from.indexOf(':');
  return colon === -1 ? from : from.slice(0, colon);
}

export function sourceOf(from: string): SourceDef | undefined {
  const name = sourceName(from);
  return Object.hasOwn(SOURCES, name) ? SOURCES[name] : undefined;
}

function progress(spec: FieldSpec, { snap }: RenderContext): number {
  const scale = spec.scale ?? 100;
  if (spec.integer) return Math.floor(snap.progress * scale);
  return Math.round(snap.progress * scale * 100) / 100;
}

function pieceTree(spec: FieldSpec, ctx: RenderContext): Record<string, Record<string, unknown>> {
  const tree: Record<string, Record<string, unknown>> = {};
  const fields = spec.fields ?? {};
  // One context for every piece: the sources read it while rendering and keep no reference.
  const pieceCtx: RenderContext = { ...ctx };
  for (const piece of ctx.snap.pieces) {
    pieceCtx.piece = piece;
    tree[piece.group] ??= {};
    (tree[piece.group] as Record<string, unknown>)[piece.name] = ctx.nested(fields, pieceCtx);
  }
  return tree;
}

/** The `template` source: what it picks and fills depends on the job alone (its id, params and seed). */
function renderTemplate(spec: FieldSpec, ctx: RenderContext): string | undefined {
  const known = ctx.memo.templates.get(spec);
  if (known && known.job === ctx.job) return known.value;
  const chosen =
    spec.key !== undefined && isObject(spec.value)
      ? own(spec.value, own(ctx.job.params, spec.key) ?? '')
      : spec.value;
  const value = typeof chosen === 'string' ? fillTemplate(chosen, ctx.job) : undefined;
  ctx.memo.templates.set(spec, { job: ctx.job, value });
  return value;
}

/** {{id}}, {{param.x}}, {{scenario}}, {{vendor}}, and seeded {{hex:N}} / {{alnum:N}} / {{uuid}} (stable per job). */
export function fillTemplate(template: string, job: Job): string {
  const named = template.replace(/\{\{(id|param\.[\w-]+|scenario|vendor)\}\}/g, (_m, key: string) => {
    if (key === 'id') return job.id;
    if (key === 'scenario') return job.scenario;
    if (key === 'vendor') return job.vendor;
    return job.params[key.slice(6)] ?? '';
  });
  return named.includes('{{') ? fillIdTemplate(named, createRandom(hashSeed(job.seed, template)), 0) : named;
}

/** Copies a value only when it can be mutated (objects); primitives are shared as they are. */
export function fresh<T>(value: T): T {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}
