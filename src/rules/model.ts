import { ENDED_BY_ADMIN, ENDED_BY_LIFECYCLE } from '../lifecycle/engine.js';
import type { Condition, FieldSpec, MockSpec } from '../lifecycle/types.js';
import { escapeToken, parsePointer } from '../util/pointer.js';
import type { Terminal } from '../vendors/lifecycle-file.js';
import type { Vendor } from '../vendors/registry.js';

/** A pointer with its tokens: the checker reads the same few pointers from every body, so it parses none per body. */
export interface Path {
  pointer: string;
  tokens: readonly string[];
}

/**
 * What the lifecycle rules know of a vendor, derived from its lifecycle file: the same `from`
 * declarations the mock renders with say which field is the created time, the finished time, a
 * counter, a total or a progress. One definition: the mock obeys it, the runner checks it.
 */
export interface TimeField extends Path {
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
  /** The pointers above, parsed. */
  paths: { total: Path; parts: Path[]; listParts: Path[] };
}

export interface TreeField extends Path {
  /** Relative pointers of monotonic counters inside each leaf. */
  counters: string[];
  counterPaths: Path[];
  /** Relative pointer of the leaf status, and the value meaning "failed". */
  status?: Path & { failed?: unknown };
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
  durations: (Path & { started: TimeField; finished: TimeField })[];
  failedPieces: string[];
  trees: TreeField[];
  /** Rule ids switched off by the lifecycle file's `rules` section. */
  off: Set<string>;
  /**
   * The pointers the time-order rule names: created ≤ started, then started (or created) ≤
   * finished. They follow from the declared fields, not the body: a started field that is
   * declared but unset in a body still names the pair while its created time stands in.
   */
  timeOrder: { createdStarted: TimeOrder; startedFinished: TimeOrder };
  /** The pointer lists above, parsed. */
  paths: {
    status: readonly string[];
    ids: Path[];
    monotonic: Path[];
    progress: Path[];
    stableTotals: Path[];
    failedPieces: Path[];
  };
}

export interface TimeOrder {
  earlier: string;
  later: string;
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
    paths: {
      status: parsePointer(vendor.statusField),
      ids: [],
      monotonic: [],
      progress: [],
      stableTotals: [],
      failedPieces: [],
    },
    timeOrder: { createdStarted: { earlier: '', later: '' }, startedFinished: { earlier: '', later: '' } },
  };
  const mock = lifecycle.mock;
  if (mock) collect(model, mock, config);
  const [created, started, finished] = [model.created[0], model.started[0], model.finished[0]];
  model.timeOrder = {
    createdStarted: { earlier: created?.pointer ?? '', later: started?.pointer ?? '' },
    startedFinished: { earlier: started?.pointer ?? created?.pointer ?? '', later: finished?.pointer ?? '' },
  };
  cache.set(vendor, model);
  return model;
}

function collect(model: RuleModel, mock: MockSpec, config: RulesConfig): void {
  const counts = new Map<string, Path>();
  const pieceCounts = new Map<string, Path>();
  const lists: Path[] = [];
  const durations: Path[] = [];
  const paths = model.paths;
  const add = (list: string[], parsed: Path[], path: Path) => {
    list.push(path.pointer);
    parsed.push(path);
  };

  const visit = (fields: Record<string, FieldSpec>, base: string, baseTokens: readonly string[]) => {
    for (const [key, spec] of Object.entries(fields)) {
      const pointer = `${base}/${escapeToken(key)}`;
      const path: Path = { pointer, tokens: [...baseTokens, key] };
      const time: TimeField = {
        ...path,
        ...(spec.format ? { format: spec.format } : {}),
        ...('unset' in spec ? { unset: spec.unset } : {}),
      };
      const [source] = spec.from.split(':');
      switch (source) {
        case 'id':
          add(model.ids, paths.ids, path);
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
          durations.push(path);
          break;
        case 'count.total':
          counts.set('total', path);
          add(model.stableTotals, paths.stableTotals, path);
          break;
        case 'count.done':
        case 'count.failed':
        case 'count.skipped':
        case 'count.processed':
          counts.set(source, path);
          add(model.monotonic, paths.monotonic, path);
          break;
        case 'count.bytes':
          add(model.monotonic, paths.monotonic, path);
          break;
        case 'pieces.total':
          pieceCounts.set('total', path);
          add(model.stableTotals, paths.stableTotals, path);
          break;
        case 'pieces.done':
        case 'pieces.failed':
        case 'pieces.skipped':
          pieceCounts.set(source, path);
          add(model.monotonic, paths.monotonic, path);
          if (source === 'pieces.failed') add(model.failedPieces, paths.failedPieces, path);
          break;
        case 'progress':
          add(model.progress, paths.progress, path);
          add(model.monotonic, paths.monotonic, path);
          break;
        case 'errors':
          lists.push(path);
          break;
        case 'pieces.tree': {
          const leaf = spec.fields ?? {};
          const counterPaths = Object.entries(leaf)
            .filter(([, f]) => f.from === 'piece.count')
            .map(([k]): Path => ({ pointer: `/${escapeToken(k)}`, tokens: [k] }));
          const statusEntry = Object.entries(leaf).find(([, f]) => f.from === 'piece.state');
          model.trees.push({
            ...path,
            counters: counterPaths.map((c) => c.pointer),
            counterPaths,
            ...(statusEntry
              ? {
                  status: {
                    pointer: `/${escapeToken(statusEntry[0])}`,
                    tokens: [statusEntry[0]],
                    failed: statusEntry[1].map?.failed ?? 'failed',
                  },
                }
              : {}),
          });
          break;
        }
        case 'object':
          visit(spec.fields ?? {}, pointer, path.tokens);
          break;
        default:
          break;
      }
    }
  };
  visit(mock.body, '', []);

  const totals = (total: Path, parts: Path[], listParts: Path[]): Totals => ({
    total: total.pointer,
    parts: parts.map((p) => p.pointer),
    listParts: listParts.map((p) => p.pointer),
    paths: { total, parts, listParts },
  });
  const total = counts.get('total');
  if (total) {
    const parts = ['count.done', 'count.failed', 'count.skipped']
      .map((k) => counts.get(k))
      .filter((p): p is Path => !!p);
    model.totals.push(totals(total, parts, counts.has('count.failed') ? [] : lists));
    const processed = counts.get('count.processed');
    if (processed) model.totals.push(totals(total, [processed], []));
  }
  const piecesTotal = pieceCounts.get('total');
  if (piecesTotal) {
    const parts = ['pieces.done', 'pieces.failed', 'pieces.skipped']
      .map((k) => pieceCounts.get(k))
      .filter((p): p is Path => !!p);
    model.totals.push(totals(piecesTotal, parts, []));
  }
  const started = model.started[0] ?? model.created[0];
  const finished = model.finished[0];
  if (started && finished) for (const path of durations) model.durations.push({ ...path, started, finished });
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
    if (last && excluded.includes(scenario.endedBy ?? ENDED_BY_LIFECYCLE)) states.add(last.state);
  }
  for (const control of Object.values(mock.controls)) {
    if (control && excluded.includes(control.endedBy ?? ENDED_BY_ADMIN)) states.add(control.state);
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
