import type { FieldSpec } from '../format/types.js';
import { compileCondition, type NamedConditions, type Test } from './conditions.js';
import type { Job, Plan, Snapshot } from './machine.js';
import { newMemo, type RenderMemo } from './memo.js';
import { fresh, type RenderContext, SOURCES, sourceName } from './sources.js';

type CompiledField = (ctx: RenderContext, out: Record<string, unknown>) => void;

/**
 * A vendor's status body, compiled once into closures (sources looked up, conditions compiled,
 * unset values prepared), so rendering (the mock's hot path) parses nothing. The renderer owns
 * its memo of what a job's renders share (see memo.ts): one per plan, gone with the plan.
 */
export class BodyRenderer {
  /** Whether rendering needs the per-piece breakdown (it costs allocations on every render). */
  readonly usesPieces: boolean;
  private readonly compiled = new Map<Record<string, FieldSpec>, CompiledField[]>();
  private readonly memos = new WeakMap<Plan, RenderMemo>();
  // A body's fields are rendered one after another for the same plan: most lookups end here.
  private lastPlan: Plan | undefined;
  private lastMemo: RenderMemo | undefined;
  private readonly nested = (fields: Record<string, FieldSpec>, ctx: RenderContext) =>
    this.renderFields(fields, ctx, {});

  constructor(
    readonly body: Readonly<Record<string, FieldSpec>>,
    private readonly named: NamedConditions = {},
  ) {
    this.usesPieces = usesPieces(body);
  }

  /** The status body of `job` at the snapshot: lifecycle fields, then the free fields faker filled. */
  render(job: Job, snap: Snapshot, shown?: (ms: number) => number): Record<string, unknown> {
    const ctx: RenderContext = { job, snap, memo: this.memoOf(snap.plan), nested: this.nested };
    if (shown) ctx.shown = shown;
    const body = this.renderFields(this.body, ctx, {});
    for (const key in job.free) {
      if (!Object.hasOwn(this.body, key)) body[key] = fresh(job.free[key]);
    }
    return body;
  }

  private memoOf(plan: Plan): RenderMemo {
    if (plan === this.lastPlan && this.lastMemo) return this.lastMemo;
    let memo = this.memos.get(plan);
    if (!memo) {
      memo = newMemo();
      this.memos.set(plan, memo);
    }
    this.lastPlan = plan;
    this.lastMemo = memo;
    return memo;
  }

  private renderFields(
    fields: Readonly<Record<string, FieldSpec>>,
    ctx: RenderContext,
    out: Record<string, unknown>,
  ): Record<string, unknown> {
    let compiled = this.compiled.get(fields);
    if (!compiled) {
      compiled = Object.entries(fields).map(([key, spec]) => compileField(key, spec, this.named));
      this.compiled.set(fields, compiled);
    }
    for (const field of compiled) field(ctx, out);
    return out;
  }
}

function compileField(key: string, spec: FieldSpec, named: NamedConditions): CompiledField {
  const colon = spec.from.indexOf(':');
  const arg = colon === -1 ? '' : spec.from.slice(colon + 1);
  const name = sourceName(spec.from);
  const source = Object.hasOwn(SOURCES, name) ? SOURCES[name] : undefined;
  if (!source) throw new Error(`unknown field source "${spec.from}"`);
  const render = source.render;
  const hasUnset = Object.hasOwn(spec, 'unset');
  const unset = spec.unset;
  const when: Test | undefined = spec.when === undefined ? undefined : compileCondition(spec.when, named);
  const fallback = spec.fallback ? compileField(key, spec.fallback, named) : undefined;
  const hasDefault = spec.default !== undefined;
  const map = spec.map;
  const omitZero = spec.omitZero === true;
  const setUnset = (out: Record<string, unknown>) => {
    if (hasUnset) out[key] = fresh(unset);
    else delete out[key];
  };
  return (ctx, out) => {
    if (when !== undefined && !when(ctx.snap, ctx.piece?.state)) return setUnset(out);
    let value = render(spec, ctx, arg);
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

function usesPieces(fields: Readonly<Record<string, FieldSpec>>): boolean {
  return Object.values(fields).some(
    (spec) =>
      SOURCES[sourceName(spec.from)]?.pieces === true ||
      (spec.fields !== undefined && usesPieces(spec.fields)) ||
      (spec.fallback !== undefined && usesPieces({ f: spec.fallback })),
  );
}
