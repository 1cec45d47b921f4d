import type { Condition, FieldSpec, Terminal, VendorFile } from '../format/types.js';
import { compileCondition, type Ending, statesWhereFalse } from '../lifecycle/conditions.js';
import { endingsOf } from '../lifecycle/endings.js';
import { type Meaning, sourceOf } from '../lifecycle/sources.js';
import { reachability } from '../lifecycle/transitions.js';
import { own } from '../util/json.js';
import { escapeToken, parsePointer } from '../util/pointer.js';
import type { Vendor } from '../vendors/registry.js';

import type {
  ErrorField,
  FinishedField,
  Path,
  SetOnceField,
  StateTimeField,
  TimeField,
  Totals,
  TreeField,
} from './fields.js';

export type {
  ErrorField,
  FinishedField,
  Path,
  SetOnceField,
  StateTimeField,
  TimeField,
  Totals,
  TreeField,
} from './fields.js';

/**
 * What the lifecycle rules know of a vendor, derived from its vendor file: the same `from`
 * declarations the mock renders with say which field is the created time, the finished time, a
 * counter, a total or a progress (each source carries its meaning, see lifecycle/sources.ts),
 * and the conditions are evaluated over every way a job can end. One definition: the mock obeys
 * it, the runner checks it.
 */
export interface RuleModel {
  vendor: string;
  statusPointer: string;
  /** The status a body holds (its status field, or the state derived from it). */
  readStatus: (body: unknown) => unknown;
  states: Record<string, { initial?: boolean; terminal?: Terminal }>;
  transitions: Record<string, string[]>;
  /** States reachable from each state in one or more legal transitions: a poller may miss the ones between. */
  reachable: Record<string, Set<string>>;
  ids: string[];
  created: TimeField[];
  started: TimeField[];
  finished: FinishedField[];
  stateTimes: StateTimeField[];
  setOnce: SetOnceField[];
  errors: ErrorField[];
  monotonic: string[];
  progress: string[];
  /** The largest value of each progress field (100 for a percent, 1 for a fraction). */
  progressScale: number[];
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

/** Builds the rule model of a vendor; callers keep it (the checker does, per vendor). */
export function buildRuleModel(vendor: Vendor): RuleModel {
  const file: VendorFile = vendor.lifecycle;
  const config: RulesConfig = file.rules ?? {};
  const model: RuleModel = {
    vendor: vendor.name,
    statusPointer: vendor.statusField,
    readStatus: vendor.readStatus,
    states: file.status.states,
    transitions: file.status.transitions,
    reachable: reachability(file.status.transitions),
    ids: [],
    created: [],
    started: [],
    finished: [],
    stateTimes: [],
    setOnce: [],
    errors: [],
    monotonic: [],
    progress: [],
    progressScale: [],
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
  const collector = new Collector(model, file, endingsOf(file), config);
  collector.visit(file.body ?? {}, '', []);
  collector.finish();
  const [created, started, finished] = [model.created[0], model.started[0], model.finished[0]];
  model.timeOrder = {
    createdStarted: { earlier: created?.pointer ?? '', later: started?.pointer ?? '' },
    startedFinished: { earlier: started?.pointer ?? created?.pointer ?? '', later: finished?.pointer ?? '' },
  };
  return model;
}

/** The rule model of a vendor; a checker builds one and keeps it for its sequence. */
export const ruleModel = buildRuleModel;

type Collect = (c: Collector, path: Path, spec: FieldSpec, meaning: Meaning) => void;

/** What each meaning adds to the model: one entry per kind of source, no switch. */
const COLLECT: Record<Meaning['kind'], Collect> = {
  id: (c, path) => c.add('ids', path),
  time: (c, path, spec, meaning) => {
    const time = timeField(path, spec);
    if (meaning.kind !== 'time') return;
    // A derived time (e.g. an interval start rounded from the creation time) is constant too.
    if (meaning.time === 'created') c.model.created.push(time);
    else if (meaning.time === 'started') c.model.started.push(time);
    else if (meaning.time === 'finished' && spec.addMs === undefined) c.finished(time, spec);
    if (meaning.time === 'created' || meaning.time === 'started' || meaning.time === 'finished')
      c.setOnce(time, spec, `${meaning.time}-constant`);
    else if (meaning.time === 'entered') c.stateTime(time, spec, [argOf(spec.from)], argOf(spec.from));
    else if (meaning.time === 'began') {
      c.stateTime(time, spec, c.nonInitial(), 'a non-initial state');
      if (spec.addMs === undefined) c.began.push(time);
    }
  },
  duration: (c, path) => c.durations.push(path),
  total: (c, path, _spec, meaning) => {
    if (meaning.kind !== 'total') return;
    c.groups[meaning.group].total = path;
    c.add('stableTotals', path);
  },
  part: (c, path, _spec, meaning) => {
    if (meaning.kind !== 'part') return;
    c.groups[meaning.group][meaning.part] = path;
    c.add('monotonic', path);
    if (meaning.group === 'pieces' && meaning.part === 'failed') c.add('failedPieces', path);
  },
  processed: (c, path) => {
    c.processed = path;
    c.add('monotonic', path);
  },
  grows: (c, path) => c.add('monotonic', path),
  progress: (c, path, spec) => {
    c.add('progress', path);
    c.model.progressScale.push(spec.scale ?? 100);
    c.add('monotonic', path);
  },
  'list-part': (c, path) => c.lists.push(path),
  tree: (c, path, spec) => c.model.trees.push(treeField(path, spec)),
  object: (c, path, spec) => c.within(spec, () => c.visit(spec.fields ?? {}, path.pointer, path.tokens)),
  'piece-status': () => {},
};

type Group = { total?: Path; done?: Path; failed?: Path; skipped?: Path };
type ListKey = 'ids' | 'monotonic' | 'progress' | 'stableTotals' | 'failedPieces';

class Collector {
  readonly groups: Record<'count' | 'pieces', Group> = { count: {}, pieces: {} };
  readonly lists: Path[] = [];
  readonly durations: Path[] = [];
  processed: Path | undefined;
  /** time.began fields: the started times of time-order when the vendor declares no time.started. */
  readonly began: TimeField[] = [];
  /** The conditions of the objects being visited: a nested field is unset whenever its object is. */
  private readonly enclosing: Condition[] = [];

  constructor(
    readonly model: RuleModel,
    private readonly file: VendorFile,
    private readonly endings: Ending[],
    private readonly config: RulesConfig,
  ) {}

  add(list: ListKey, path: Path): void {
    this.model[list].push(path.pointer);
    this.model.paths[list].push(path);
  }

  visit(fields: Record<string, FieldSpec>, base: string, baseTokens: readonly string[]): void {
    for (const [key, spec] of Object.entries(fields)) {
      const meaning = sourceOf(spec.from)?.meaning;
      const path: Path = { pointer: `${base}/${escapeToken(key)}`, tokens: [...baseTokens, key] };
      if (spec.from === 'error') this.error(path, spec);
      if (meaning) COLLECT[meaning.kind](this, path, spec, meaning);
    }
  }

  within(object: FieldSpec, visit: () => void): void {
    if (object.when !== undefined) this.enclosing.push(object.when);
    visit();
    if (object.when !== undefined) this.enclosing.pop();
  }

  /**
   * A finished time may be unset in the terminal states where its `when`, or that of an object
   * holding it, fails for some ending.
   */
  finished(time: TimeField, spec: FieldSpec): void {
    const conditions = spec.when === undefined ? this.enclosing : [...this.enclosing, spec.when];
    const test = compileCondition({ all: conditions }, this.file.conditions ?? {});
    this.model.finished.push({
      ...time,
      unsetAllowedIn: conditions.length === 0 ? new Set() : statesWhereFalse(test, this.endings),
      earlyAllowed: this.config['finished-when-terminal']?.early === true,
    });
  }

  /**
   * A fallback fills a start or finished time from another source while its own has no value, so
   * the field may change once; a creation time always has its value. A start time declared with a
   * `when` may be unset again; a creation time exists from the job's creation and a finished time
   * from its end, and both stay (terminal states are final).
   */
  setOnce(time: TimeField, spec: FieldSpec, rule: SetOnceField['rule']): void {
    if (spec.fallback !== undefined && rule !== 'created-constant') return;
    const conditioned = spec.when !== undefined || this.enclosing.length > 0;
    this.model.setOnce.push({ ...time, rule, mayVanish: rule === 'started-constant' && conditioned });
  }

  /**
   * An error field with a `when` is set in the failure states where that `when` holds for every
   * way of ending there; where it fails for one (PostHog's cancel endpoint), it is a documented exception.
   */
  error(path: Path, spec: FieldSpec): void {
    if (spec.when === undefined || spec.fallback !== undefined) return;
    const test = compileCondition({ all: [...this.enclosing, spec.when] }, this.file.conditions ?? {});
    const exempt = statesWhereFalse(test, this.endings);
    const failed = this.endings.filter((e) => e.terminal === 'failure' && !exempt.has(e.state));
    if (failed.length === 0) return;
    this.model.errors.push({
      ...path,
      ...(Object.hasOwn(spec, 'unset') ? { unset: spec.unset } : {}),
      setIn: new Set(failed.map((e) => e.state)),
    });
  }

  nonInitial(): string[] {
    return Object.keys(this.model.states).filter((s) => !own(this.model.states, s)?.initial);
  }

  /**
   * A per-state time of the states `entered`: it must be unset wherever no state of them reaches
   * the status. A fallback fills it from another source when it has no value, so the field
   * carries no such promise.
   */
  stateTime(time: TimeField, spec: FieldSpec, entered: string[], label: string): void {
    if (spec.fallback !== undefined) return;
    const states = new Set(entered);
    const reachedFrom = (s: string) => entered.some((e) => own(this.model.reachable, e)?.has(s));
    const unsetIn = Object.keys(this.model.states).filter((s) => !states.has(s) && !reachedFrom(s));
    const mayVanish = spec.when !== undefined || this.enclosing.length > 0;
    this.model.stateTimes.push({
      ...time,
      entered: label,
      unsetIn: new Set(unsetIn),
      setIn: mayVanish ? new Set() : states,
      mayVanish,
      ...(spec.default === undefined ? {} : { default: spec.default }),
    });
  }

  finish(): void {
    const { count, pieces } = this.groups;
    const parts = (g: Group) => [g.done, g.failed, g.skipped].filter((p): p is Path => !!p);
    if (count.total) {
      this.model.totals.push(totals(count.total, parts(count), count.failed ? [] : this.lists));
      if (this.processed) this.model.totals.push(totals(count.total, [this.processed], []));
    }
    if (pieces.total) this.model.totals.push(totals(pieces.total, parts(pieces), []));
    const started = this.model.started[0] ?? this.model.created[0];
    const finished = this.model.finished[0];
    if (started && finished) {
      for (const path of this.durations) this.model.durations.push({ ...path, started, finished });
    }
    // After the durations: those are finished − time.started (the creation), not − began.
    if (this.model.started.length === 0) this.model.started.push(...this.began);
  }
}

/** What follows the colon of a `from` (`time.entered:running` → running). */
function argOf(from: string): string {
  const colon = from.indexOf(':');
  return colon === -1 ? '' : from.slice(colon + 1);
}

function timeField(path: Path, spec: FieldSpec): TimeField {
  return {
    ...path,
    ...(spec.format ? { format: spec.format } : {}),
    ...(Object.hasOwn(spec, 'unset') ? { unset: spec.unset } : {}),
  };
}

function totals(total: Path, parts: Path[], listParts: Path[]): Totals {
  return {
    total: total.pointer,
    parts: parts.map((p) => p.pointer),
    listParts: listParts.map((p) => p.pointer),
    paths: { total, parts, listParts },
  };
}

function treeField(path: Path, spec: FieldSpec): TreeField {
  const leaf = Object.entries(spec.fields ?? {});
  const counterPaths = leaf
    .filter(([, f]) => sourceOf(f.from)?.meaning?.kind === 'grows')
    .map(([k]): Path => ({ pointer: `/${escapeToken(k)}`, tokens: [k] }));
  const status = leaf.find(([, f]) => sourceOf(f.from)?.meaning?.kind === 'piece-status');
  return {
    ...path,
    counters: counterPaths.map((c) => c.pointer),
    counterPaths,
    mayVanish: spec.when !== undefined,
    ...(status
      ? {
          status: {
            pointer: `/${escapeToken(status[0])}`,
            tokens: [status[0]],
            failed: status[1].map?.failed ?? 'failed',
          },
        }
      : {}),
  };
}
