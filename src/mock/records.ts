import type { LookupSpec } from '../format/types.js';
import type { Job, Snapshot } from '../lifecycle/machine.js';
import { createRandom, fillIdTemplate, hashSeed } from '../lifecycle/random.js';
import { isObject } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import { fill, type Lookup } from './template.js';

export type RecordsSpec = NonNullable<LookupSpec['records']>;
type Outcome = RecordsSpec['outcome'];
type Counts = Pick<Snapshot, 'done' | 'failed' | 'skipped'>;

/**
 * Which records of a job's request ended how: the first done + failed + skipped records are the
 * ones reached, and among them the failed and skipped ones are drawn from the job's seed, so the
 * lists agree with the status body's counters and stay the same on every read.
 */
export function recordOutcomes(job: Job, counts: Counts): Map<number, Outcome> {
  const reached = counts.done + counts.failed + counts.skipped;
  const order = Array.from({ length: reached }, (_, i) => i);
  const random = createRandom(hashSeed(job.seed, 'records'));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const outcomes = new Map<number, Outcome>();
  order.forEach((index, place) => {
    outcomes.set(
      index,
      place < counts.failed ? 'failed' : place < counts.failed + counts.skipped ? 'skipped' : 'done',
    );
  });
  return outcomes;
}

/**
 * The `{{records}}` of a lookup route: the request's records with the spec's outcome, each filled
 * from the item template; undefined (the key dropped) when there are none and `omitEmpty` says so.
 */
export function renderRecords(
  spec: RecordsSpec,
  job: Job,
  items: unknown,
  counts: Counts,
  outer: Lookup,
): unknown[] | undefined {
  const records = Array.isArray(items) ? items : [];
  const outcomes = recordOutcomes(job, counts);
  const out: unknown[] = [];
  records.forEach((record, index) => {
    if (outcomes.get(index) !== spec.outcome) return;
    const lookup: Lookup = (name) => {
      if (name === 'record') return record;
      if (name.startsWith('record:')) return getAt(record, name.slice(7));
      if (name === 'index') return index;
      if (name.startsWith('recordId:')) return recordId(spec, job, record, index, name.slice(9));
      return outer(name);
    };
    out.push(fillItem(spec.item, lookup));
  });
  return out.length === 0 && spec.omitEmpty ? undefined : out;
}

function recordId(spec: RecordsSpec, job: Job, record: unknown, index: number, name: string): unknown {
  const id = spec.ids?.[name];
  if (!id) return undefined;
  if (id.keep !== undefined) {
    const kept = getAt(record, id.keep);
    if (typeof kept === 'string' && kept !== '') return kept;
  }
  if (id.only !== undefined && getAt(record, id.only) === undefined) return undefined;
  return fillIdTemplate(id.template, createRandom(hashSeed(job.seed, 'record', index, name)), index + 1);
}

/** fill(), but an object whose holes all had no value is dropped rather than sent as {}. */
function fillItem(template: unknown, lookup: Lookup): unknown {
  if (!isObject(template)) return fill(template, lookup);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    const filled = fillItem(value, lookup);
    if (filled === undefined) continue;
    if (
      isObject(value) &&
      Object.keys(value).length > 0 &&
      isObject(filled) &&
      Object.keys(filled).length === 0
    )
      continue;
    out[key] = filled;
  }
  return out;
}
