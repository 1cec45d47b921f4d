import type { BUILTIN_CONDITIONS, Condition, PieceStateName, Terminal } from '../format/types.js';
import { isObject } from '../util/json.js';
import { getAt, parsePointer } from '../util/pointer.js';

/**
 * The one interpreter of the condition language (`when`). The renderer asks it whether a field is
 * set at a moment; the rule model asks it the same question over every way a job can end; the
 * loader asks it which names a condition refers to; the status reader asks it which state a body
 * is in (`status.derive`, whose conditions read the body). Nobody else reads a condition.
 */

/** What a condition can see of a job at a moment (a Snapshot is one). */
export interface Situation {
  state: string;
  terminal?: Terminal | undefined;
  /** What ended the job, once it is terminal (e.g. "lifecycle", "admin", "cancel-endpoint"). */
  endedBy?: string | undefined;
  /** Past the first step: a job cancelled while still in its first state never started. */
  started: boolean;
  /** The body, for the conditions that read it (`present`, `equals`: a derived status). */
  body?: unknown;
}

export type Test = (situation: Situation, piece?: PieceStateName) => boolean;

const ALWAYS: Test = () => true;

const BUILTIN: Record<(typeof BUILTIN_CONDITIONS)[number], Test> = {
  always: ALWAYS,
  started: (s) => s.started,
  active: (s) => s.terminal === undefined,
  terminal: (s) => s.terminal !== undefined,
  success: (s) => s.terminal === 'success',
  failure: (s) => s.terminal === 'failure',
  cancelled: (s) => s.terminal === 'cancelled',
};

export function isBuiltinCondition(name: string): name is keyof typeof BUILTIN {
  return Object.hasOwn(BUILTIN, name);
}

/** Named conditions of a vendor file: `{"finish-written": {"all": [...]}}`. */
export type NamedConditions = Readonly<Record<string, Condition>>;

/**
 * Compiles a condition into a test, once: the renderer calls the result for every field of every
 * body, so nothing is parsed per render. Unknown names and cycles among named conditions are
 * reported by `conditionProblems` at load; here they throw.
 */
export function compileCondition(
  condition: Condition | undefined,
  named: NamedConditions = {},
  seen: readonly string[] = [],
): Test {
  if (condition === undefined) return ALWAYS;
  if (typeof condition === 'string') {
    if (isBuiltinCondition(condition)) return BUILTIN[condition];
    if (!Object.hasOwn(named, condition)) throw new Error(`unknown condition "${condition}"`);
    if (seen.includes(condition)) throw new Error(`condition "${condition}" refers to itself`);
    return compileCondition(named[condition], named, [...seen, condition]);
  }
  if ('states' in condition) {
    const states = new Set(condition.states);
    return (s) => states.has(s.state);
  }
  if ('endedBy' in condition) {
    const endings = new Set(condition.endedBy);
    return (s) => s.endedBy !== undefined && endings.has(s.endedBy);
  }
  if ('pieces' in condition) {
    const pieces = new Set(condition.pieces);
    return (_s, piece) => piece !== undefined && pieces.has(piece);
  }
  if ('present' in condition) {
    const tokens = parsePointer(condition.present);
    return (s) => s.body !== undefined && getAt(s.body, tokens) !== undefined;
  }
  if ('equals' in condition) {
    const pairs = Object.entries(condition.equals).map(([p, v]) => [parsePointer(p), v] as const);
    return (s) => s.body !== undefined && pairs.every(([tokens, v]) => jsonEqual(getAt(s.body, tokens), v));
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, named, seen);
    return (s, piece) => !inner(s, piece);
  }
  const parts = ('all' in condition ? condition.all : condition.any).map((c) =>
    compileCondition(c, named, seen),
  );
  if ('all' in condition) return (s, piece) => parts.every((t) => t(s, piece));
  return (s, piece) => parts.some((t) => t(s, piece));
}

/** Equal as JSON values, whatever the order of an object's keys. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]))
  );
}

/** Evaluates a condition once (tests and one-off questions; hot paths compile). */
export function evaluate(
  condition: Condition | undefined,
  situation: Situation,
  named: NamedConditions = {},
  piece?: PieceStateName,
): boolean {
  return compileCondition(condition, named)(situation, piece);
}

/** What a condition refers to, for the loader to check against the file's states and names. */
export interface ConditionRefs {
  states: string[];
  endings: string[];
  names: string[];
  /** Forms that read the job (states, endedBy, pieces, and the built-in names but always). */
  job: string[];
  /** Forms that read the body (present, equals). */
  body: string[];
}

export function conditionRefs(
  condition: Condition | undefined,
  refs: ConditionRefs = emptyRefs(),
): ConditionRefs {
  if (condition === undefined) return refs;
  if (typeof condition === 'string') {
    if (!isBuiltinCondition(condition)) refs.names.push(condition);
    else if (condition !== 'always') refs.job.push(condition);
  } else if ('states' in condition) {
    refs.states.push(...condition.states);
    refs.job.push('states');
  } else if ('endedBy' in condition) {
    refs.endings.push(...condition.endedBy);
    refs.job.push('endedBy');
  } else if ('pieces' in condition) refs.job.push('pieces');
  else if ('present' in condition) refs.body.push('present');
  else if ('equals' in condition) refs.body.push('equals');
  else if ('not' in condition) conditionRefs(condition.not, refs);
  else if ('all' in condition) for (const c of condition.all) conditionRefs(c, refs);
  else if ('any' in condition) for (const c of condition.any) conditionRefs(c, refs);
  return refs;
}

/** What a condition reads, its named conditions followed (a cycle is reported by `conditionProblems`). */
export function conditionReads(
  condition: Condition | undefined,
  named: NamedConditions,
  seen: Set<string> = new Set(),
): { job: string[]; body: string[] } {
  const refs = conditionRefs(condition);
  const out = { job: [...refs.job], body: [...refs.body] };
  for (const name of refs.names) {
    if (seen.has(name) || !Object.hasOwn(named, name)) continue;
    seen.add(name);
    const inner = conditionReads(named[name], named, seen);
    out.job.push(...inner.job);
    out.body.push(...inner.body);
  }
  return out;
}

function emptyRefs(): ConditionRefs {
  return { states: [], endings: [], names: [], job: [], body: [] };
}

/**
 * Problems with a vendor's named conditions, as [name, message]: unknown names they use, and
 * names that refer to themselves through others.
 */
export function conditionProblems(named: NamedConditions): [string, string][] {
  const problems: [string, string][] = [];
  for (const name of Object.keys(named)) {
    if (isBuiltinCondition(name)) {
      problems.push([name, `"${name}" is a built-in condition; pick another name.`]);
      continue;
    }
    try {
      compileCondition(name, named);
    } catch (error) {
      problems.push([name, `${(error as Error).message}.`]);
    }
  }
  return problems;
}

/** One way a job can end: in which terminal state, through what, and whether it had started. */
export interface Ending {
  state: string;
  terminal: Terminal;
  endedBy: string;
  started: boolean;
}

/**
 * The terminal states in which `test` fails for at least one way of ending there: the states
 * where a field declared with that condition may be unset although the job is over (PostHog's
 * cancel endpoint writes no finished_at; Weaviate's liveness check neither).
 */
export function statesWhereFalse(test: Test, endings: readonly Ending[]): Set<string> {
  const states = new Set<string>();
  for (const ending of endings) if (!test(ending)) states.add(ending.state);
  return states;
}
