import type { FieldSpec } from '../format/types.js';
import type { Job } from './machine.js';
import { createRandom, hashSeed, type Random } from './random.js';
import type { TimeFormat } from './times.js';

/**
 * What a job's renders recompute from one poll to the next though it cannot change: formatted
 * times (created and started never move, finished once set), the error lines (the first n of one
 * seeded list) and filled templates. One per plan, owned by the renderer that made it. Entries
 * hold their inputs and are used only when those match.
 */
export interface RenderMemo {
  times: Map<FieldSpec, { ms: number; seed: number; format: TimeFormat; value: unknown }>;
  errors: Map<FieldSpec, ErrorList & { seed: number }>;
  templates: Map<FieldSpec, { job: Job; value: string | undefined }>;
}

export function newMemo(): RenderMemo {
  return { times: new Map(), errors: new Map(), templates: new Map() };
}

export function memoTime(
  memo: RenderMemo,
  spec: FieldSpec,
  ms: number,
  seed: number,
  format: TimeFormat,
): unknown {
  const known = memo.times.get(spec);
  if (known && known.ms === ms && known.seed === seed && known.format === format) return known.value;
  let t = ms + (spec.addMs ?? 0);
  if (spec.floorMs) t = Math.floor(t / spec.floorMs) * spec.floorMs;
  const value = format(t, seed);
  // An object from a custom format could be changed by whoever gets the body: never shared.
  if (value === null || typeof value !== 'object') memo.times.set(spec, { ms, seed, format, value });
  return value;
}

/** Longer lists are built per render: the memo stays small. */
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
    list.items.push((templates[i % templates.length] as string).replace('{{n}}', String(line)));
    list.line = line;
  }
}

/** `count` seeded error lines from the field's templates (`{{n}}` is a record number). */
export function memoErrors(memo: RenderMemo, spec: FieldSpec, count: number, seed: number): string[] {
  if (!(count > 0)) return [];
  const templates = Array.isArray(spec.value) ? (spec.value as string[]) : ['record {{n}}: rejected'];
  // As many lines as `for (i = 0; i < count; i++)` makes.
  const n = Math.ceil(count);
  if (n > ERROR_MEMO_MAX) {
    const list = newErrorList(seed);
    growErrors(list, templates, n);
    return list.items;
  }
  let list = memo.errors.get(spec);
  if (!list || list.seed !== seed) {
    list = { ...newErrorList(seed), seed };
    memo.errors.set(spec, list);
  }
  growErrors(list, templates, n);
  return list.items.slice(0, n);
}
