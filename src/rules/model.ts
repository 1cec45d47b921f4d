import type { Condition, FieldSpec, MockSpec } from '../lifecycle/types.js';
import { escapeToken } from '../util/pointer.js';
import type { Terminal } from '../vendors/lifecycle-file.js';
import type { Vendor } from '../vendors/registry.js';

/**
 * What the lifecycle rules know of a vendor, derived from its lifecycle file: the same `from`
 * declarations the mock renders with say which field is the created time, the finished time, a
 * counter, a total or a progress. One definition: the mock obeys it, the runner checks it.
 */
export interface TimeField {
  pointer: string;
  format?: string;
  /** What the vendor sends for "not set" besides absence (null, "", the Go zero time). */
  unset?: unknown;
}

export interface FinishedField extends TimeField {
  /** Terminal states in which this field may still be unset (documented exceptions). */
  unsetAllowedIn: Set<string>;
  /** The field may be set before the job is terminal (FullStory's docs show it). */
  earlyAllowed: boolean;
}

export interface Totals {
  total: string;
  parts: string[];
  /** Lists whose length counts as a part (Dakera's errors). */
  listParts: string[];
}

export interface TreeField {
  pointer: string;
  /** Relative pointers of monotonic counters inside each leaf. */
  counters: string[];
  /** Relative pointer of the leaf status, and the value meaning "failed". */
  status?: { pointer: string; failed?: unknown };
}

export interface RuleModel {
  vendor: string;
  statusPointer: string;
  states: Record<string, { initial?: boolean; terminal?: Terminal }>;
  transitions: Record<string, string[]>;
  /** States reachable from each state in one or more legal transitions: a poller may miss the ones between. */
  reachable: Record<string, Set<string>>;
  ids: string[];
  created: TimeField[];
  started: TimeField[];
  finished: FinishedField[];
  monotonic: string[];
  progress: string[];
  totals: Totals[];
  stableTotals: string[];
  durations: { pointer: string; started: TimeField; finished: TimeField }[];
  failedPieces: string[];
  trees: TreeField[];
  /** Rule ids switched off by the lifecycle file's `rules` section. */
  off: Set<string>;
}

export interface RulesConfig {
  [rule: string]: { off?: boolean; early?: boolean } | undefined;
}

const cache = new WeakMap<Vendor, RuleModel>();

export function ruleModel(vendor: Vendor): RuleModel {
  const cached = cache.get(vendor);
  if (cached) return cached;
  const lifecycle = vendor.lifecycle;
  const config: RulesConfig = lifecycle.rules ?? {};
  const model: RuleModel = {
    vendor: vendor.name,
    statusPointer: vendor.statusField,
    states: lifecycle.status.states,
    transitions: lifecycle.status.transitions,
    reachable: reachability(lifecycle.status.transitions),
    ids: [],
    created: [],
    started: [],
    finished: [],
    monotonic: [],
    progress: [],
    totals: [],
    stableTotals: [],
    durations: [],
    failedPieces: [],
    trees: [],
    off: new Set(
      Object.entries(config)
        .filter(([, c]) => c?.off)
        .map(([id]) => id),
    ),
  };
  const mock = lifecycle.mock;
  if (mock) collect(model, mock, config);
  cache.set(vendor, model);
  return model;
}

function collect(model: RuleModel, mock: MockSpec, config: RulesConfig): void {
  const counts = new Map<string, string>();
  const pieceCounts = new Map<string, string>();
  const lists: string[] = [];
  const durations: string[] = [];

  const visit = (fields: Record<string, FieldSpec>, base: string) => {
    for (const [key, spec] of Object.entries(fields)) {
      const pointer = `${base}/${escapeToken(key)}`;
      const time: TimeField = {
        pointer,
        ...(spec.format ? { format: spec.format } : {}),
        ...('unset' in spec ? { unset: spec.unset } : {}),
      };
      const [source] = spec.from.split(':');
      switch (source) {
        case 'id':
          model.ids.push(pointer);
          break;
        case 'time.created':
          // A derived time (e.g. an interval start rounded from the creation time) is constant too.
          model.created.push(time);
          break;
        case 'time.started':
          model.started.push(time);
          break;
        case 'time.finished':
          if (spec.addMs === undefined) {
            model.finished.push({
              ...time,
              unsetAllowedIn: exceptionStates(mock, spec.when),
              earlyAllowed: config['finished-when-terminal']?.early === true,
            });
          }
          break;
        case 'duration':
          durations.push(pointer);
          break;
        case 'count.total':
          counts.set('total', pointer);
          model.stableTotals.push(pointer);
          break;
        case 'count.done':
        case 'count.failed':
        case 'count.skipped':
        case 'count.processed':
          counts.set(source, pointer);
          model.monotonic.push(pointer);
          break;
        case 'count.bytes':
          model.monotonic.push(pointer);
          break;
        case 'pieces.total':
          pieceCounts.set('total', pointer);
          model.stableTotals.push(pointer);
          break;
        case 'pieces.done':
        case 'pieces.failed':
        case 'pieces.skipped':
          pieceCounts.set(source, pointer);
          model.monotonic.push(pointer);
          if (source === 'pieces.failed') model.failedPieces.push(pointer);
          break;
        case 'progress':
          model.progress.push(pointer);
          model.monotonic.push(pointer);
          break;
        case 'errors':
          lists.push(pointer);
          break;
        case 'pieces.tree': {
          const leaf = spec.fields ?? {};
          const counters = Object.entries(leaf)
            .filter(([, f]) => f.from === 'piece.count')
            .map(([k]) => `/${escapeToken(k)}`);
          const statusEntry = Object.entries(leaf).find(([, f]) => f.from === 'piece.state');
          model.trees.push({
            pointer,
            counters,
            ...(statusEntry
              ? {
                  status: {
                    pointer: `/${escapeToken(statusEntry[0])}`,
                    failed: statusEntry[1].map?.failed ?? 'failed',
                  },
                }
              : {}),
          });
          break;
        }
        case 'object':
          visit(spec.fields ?? {}, pointer);
          break;
        default:
          break;
      }
    }
  };
  visit(mock.body, '');

  const total = counts.get('total');
  if (total) {
    const parts = ['count.done', 'count.failed', 'count.skipped']
      .map((k) => counts.get(k))
      .filter((p): p is string => !!p);
    model.totals.push({ total, parts, listParts: counts.has('count.failed') ? [] : lists });
    const processed = counts.get('count.processed');
    if (processed) model.totals.push({ total, parts: [processed], listParts: [] });
  }
  const piecesTotal = pieceCounts.get('total');
  if (piecesTotal) {
    const parts = ['pieces.done', 'pieces.failed', 'pieces.skipped']
      .map((k) => pieceCounts.get(k))
      .filter((p): p is string => !!p);
    model.totals.push({ total: piecesTotal, parts, listParts: [] });
  }
  const started = model.started[0] ?? model.created[0];
  const finished = model.finished[0];
  if (started && finished)
    for (const pointer of durations) model.durations.push({ pointer, started, finished });
}

/**
 * Terminal states in which a finished-time field may be unset: those reached through an
 * `endedBy` its `when` excludes (PostHog's cancel endpoint, Weaviate's liveness check).
 */
function exceptionStates(mock: MockSpec, when: Condition | undefined): Set<string> {
  const excluded = excludedEndings(when);
  const states = new Set<string>();
  if (excluded.length === 0) return states;
  for (const scenario of Object.values(mock.scenarios)) {
    const last = scenario.steps[scenario.steps.length - 1];
    if (last && excluded.includes(scenario.endedBy ?? 'lifecycle')) states.add(last.state);
  }
  for (const control of Object.values(mock.controls)) {
    if (control && excluded.includes(control.endedBy ?? 'admin')) states.add(control.state);
  }
  return states;
}

function excludedEndings(when: Condition | undefined): string[] {
  if (when === undefined || typeof when === 'string') return [];
  if ('not' in when && typeof when.not === 'object' && 'endedBy' in when.not) return when.not.endedBy;
  if ('all' in when) return when.all.flatMap(excludedEndings);
  return [];
}

function reachability(transitions: Record<string, string[]>): Record<string, Set<string>> {
  const out: Record<string, Set<string>> = {};
  for (const start of Object.keys(transitions)) {
    const seen = new Set<string>();
    const queue = [...(transitions[start] ?? [])];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(transitions[next] ?? []));
    }
    out[start] = seen;
  }
  return out;
}
