import fc from 'fast-check';
import type {
  Condition,
  Control,
  FieldSpec,
  MockSpec,
  Scenario,
  Step,
  Terminal,
  VendorFile,
} from '../../src/format/types.js';

/**
 * Random vendor definitions for the one-model property. fast-check draws a recipe of plain
 * numbers and flags (so it shrinks well), and `buildVendor` reads it into a vendor file that
 * always loads (states, a DAG of transitions, a body of field meanings, named conditions,
 * scenarios and controls) plus the JSON Schema of the bodies those meanings render.
 */

const KINDS: Terminal[] = ['success', 'failure', 'cancelled'];
const FORMATS = ['iso', 'iso-seconds', 'iso-micro', 'unix-s', 'unix-ms'] as const;
const ENDINGS = ['lifecycle', 'admin', 'cancel-endpoint', 'liveness'];
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * Which conditions a field may carry. A field whose rule compares it with the previous body
 * (created-constant, monotonic) must not vanish once set, so it takes an `up` condition (once
 * true, true for the rest of the job); `not` flips to a `down` one (once false, false after).
 */
type Polarity = 'any' | 'up' | 'down';

type CondRecipe =
  | { k: 'builtin'; i: number }
  | { k: 'states'; picks: number[] }
  | { k: 'endedBy'; picks: number[] }
  | { k: 'named'; i: number }
  | { k: 'not'; c: CondRecipe }
  | { k: 'all' | 'any'; cs: CondRecipe[] };

const picks = fc.array(fc.nat(20), { minLength: 1, maxLength: 3 });
const condRecipe: fc.Arbitrary<CondRecipe> = fc.letrec<{ cond: CondRecipe }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ k: fc.constant('builtin' as const), i: fc.nat(20) }),
    fc.record({ k: fc.constant('states' as const), picks }),
    fc.record({ k: fc.constant('endedBy' as const), picks }),
    fc.record({ k: fc.constant('named' as const), i: fc.nat(20) }),
    fc.record({ k: fc.constant('not' as const), c: tie('cond') }),
    fc.record({
      k: fc.constantFrom('all' as const, 'any' as const),
      cs: fc.array(tie('cond'), { minLength: 1, maxLength: 3 }),
    }),
  ),
})).cond;

const SOURCES = [
  'id',
  'time.created',
  'time.started',
  'time.finished',
  'time.entered',
  'time.began',
  'time.updated',
  'count.total',
  'count.done',
  'count.failed',
  'count.skipped',
  'count.processed',
  'count.active',
  'count.pending',
  'count.cancelled',
  'progress',
  'error',
  'const',
  'object',
] as const;

interface FieldRecipe {
  source: number;
  format: number;
  /** 0: absent, 1: null, 2: "", 3: the Go zero time (the string forms only for string times). */
  unset: number;
  when: CondRecipe | null;
  arg: number;
  scale: boolean;
  integer: boolean;
  value: string | number | boolean | null;
  fields: FieldRecipe[];
}

const fieldRecipe = (depth: number): fc.Arbitrary<FieldRecipe> =>
  fc.record({
    source: fc.nat(SOURCES.length - (depth >= 2 ? 2 : 1)),
    format: fc.nat(FORMATS.length - 1),
    unset: fc.nat(3),
    when: fc.option(condRecipe, { freq: 2 }),
    arg: fc.nat(20),
    scale: fc.boolean(),
    integer: fc.boolean(),
    value: fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.integer({ min: -5, max: 5 }),
      fc.boolean(),
      fc.constant(null),
    ),
    fields: depth >= 2 ? fc.constant([]) : fc.array(fieldRecipe(depth + 1), { maxLength: 3 }),
  });

const range = fc.oneof(
  fc.integer({ min: 0, max: 30_000 }),
  fc
    .tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }))
    .map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]),
);

const walkRecipe = fc.record({
  choices: fc.array(fc.nat(20), { maxLength: 4 }),
  /** 0–2: ends in a terminal of that kind; 3: stuck; 4: starts terminal (when a terminal is initial). */
  end: fc.nat(4),
  endPick: fc.nat(20),
  ms: fc.array(range, { minLength: 6, maxLength: 6 }),
  progress: fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 6, maxLength: 6 }),
  endedBy: fc.option(fc.nat(ENDINGS.length - 1)),
  error: fc.option(fc.constantFrom('boom', 'quota exceeded')),
  failRate: fc.constantFrom(0, 0, 0.1, 0.25),
  skipRate: fc.constantFrom(0, 0.05, 0.3),
});

const controlRecipe = fc.record({
  pick: fc.nat(20),
  endedBy: fc.option(fc.nat(ENDINGS.length - 1)),
  error: fc.option(fc.constant('stopped by admin')),
  from: fc.option(fc.array(fc.nat(20), { minLength: 1, maxLength: 3 })),
  /** For cancel: the length of a transit through `cancelling` (OpenAI's cancel); none when null. */
  via: fc.option(range),
});

export const vendorRecipe = fc.record({
  intermediates: fc.nat(3),
  terminals: fc.tuple(
    fc.integer({ min: 1, max: 2 }),
    fc.integer({ min: 1, max: 2 }),
    fc.integer({ min: 1, max: 2 }),
  ),
  terminalInitial: fc.boolean(),
  edges: fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
  statusKey: fc.constantFrom('status', 'state', 'phase'),
  withId: fc.boolean(),
  named: fc.array(fc.record({ up: fc.boolean(), cond: condRecipe }), { maxLength: 3 }),
  fields: fc.array(fieldRecipe(0), { minLength: 1, maxLength: 10 }),
  total: range,
  walks: fc.array(walkRecipe, { minLength: 1, maxLength: 5 }),
  complete: controlRecipe,
  fail: controlRecipe,
  cancel: fc.option(controlRecipe),
});
export type VendorRecipe = typeof vendorRecipe extends fc.Arbitrary<infer T> ? T : never;

export interface GeneratedVendor {
  file: VendorFile;
  /** The JSON Schema of the status body (schemas/<name>/<root>.json). */
  schema: Record<string, unknown>;
}

const at = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

class Builder {
  readonly initial = 'queued';
  readonly middle: string[];
  readonly byKind: Record<Terminal, string[]>;
  readonly terminals: string[];
  readonly transitions: Record<string, string[]> = {};
  readonly named: Record<string, Condition> = {};
  /** The cancel control's transit state, when it has one: non-terminal, never on a scenario's walk. */
  readonly transit: string | undefined;
  private readonly namedUp: string[] = [];
  private readonly namedAny: string[] = [];
  private readonly directInitial: string | undefined;

  constructor(private readonly r: VendorRecipe) {
    this.middle = Array.from({ length: r.intermediates }, (_, i) => `step-${i + 1}`);
    this.byKind = {
      success: Array.from({ length: r.terminals[0] }, (_, i) => `done-${i + 1}`),
      failure: Array.from({ length: r.terminals[1] }, (_, i) => `failed-${i + 1}`),
      cancelled: Array.from({ length: r.terminals[2] }, (_, i) => `cancelled-${i + 1}`),
    };
    this.terminals = KINDS.flatMap((k) => this.byKind[k]);
    this.directInitial = r.terminalInitial ? this.byKind.failure[0] : undefined;
    // A DAG in list order: each state may move to later ones, and always to one terminal of each kind.
    const open = [this.initial, ...this.middle];
    let bit = 0;
    open.forEach((state, i) => {
      const targets = open.slice(i + 1).filter(() => r.edges[bit++ % r.edges.length]);
      for (const kind of KINDS) {
        const list = this.byKind[kind];
        targets.push(...list.filter((_, j) => j === 0 || r.edges[bit++ % r.edges.length]));
      }
      this.transitions[state] = targets;
    });
    this.transit = r.cancel && r.cancel.via !== null ? 'cancelling' : undefined;
    if (r.cancel && this.transit) {
      // The moves a transit needs: into it from wherever the cancel applies, then to its state.
      for (const from of this.fromOf(r.cancel) ?? open) {
        const targets = this.transitions[from] as string[];
        if (!targets.includes(this.transit)) targets.push(this.transit);
      }
      this.transitions[this.transit] = [at(this.byKind.cancelled, r.cancel.pick)];
    }
    r.named.forEach((n, i) => {
      const name = `cond-${i + 1}`;
      this.named[name] = this.condition(n.cond, n.up ? 'up' : 'any');
      (n.up ? this.namedUp : this.namedAny).push(name);
    });
  }

  states(): VendorFile['status']['states'] {
    const states: VendorFile['status']['states'] = { [this.initial]: { initial: true } };
    for (const s of this.middle) states[s] = {};
    if (this.transit) states[this.transit] = {};
    for (const kind of KINDS) for (const s of this.byKind[kind]) states[s] = { terminal: kind };
    if (this.directInitial) states[this.directInitial] = { terminal: 'failure', initial: true };
    return states;
  }

  condition(c: CondRecipe, polarity: Polarity): Condition {
    const open = [this.initial, ...this.middle];
    switch (c.k) {
      case 'builtin': {
        const names = {
          any: ['always', 'started', 'active', 'terminal', 'success', 'failure', 'cancelled'],
          up: ['always', 'started', 'terminal', 'success', 'failure', 'cancelled'],
          down: ['always', 'active'],
        }[polarity];
        return at(names, c.i);
      }
      case 'states': {
        const pool =
          polarity === 'up'
            ? this.terminals
            : polarity === 'down'
              ? [this.initial]
              : [...open, ...(this.transit ? [this.transit] : []), ...this.terminals];
        return { states: [...new Set(c.picks.map((p) => at(pool, p)))] };
      }
      case 'endedBy': {
        const endedBy = { endedBy: [...new Set(c.picks.map((p) => at(ENDINGS, p)))] };
        return polarity === 'down' ? { not: endedBy } : endedBy;
      }
      case 'named': {
        const pool =
          polarity === 'any' ? [...this.namedUp, ...this.namedAny] : polarity === 'up' ? this.namedUp : [];
        // Named conditions are built in order: a name only refers to the ones before it.
        return pool.length > 0 ? at(pool, c.i) : 'always';
      }
      case 'not':
        return { not: this.condition(c.c, polarity === 'up' ? 'down' : polarity === 'down' ? 'up' : 'any') };
      default: {
        const cs = c.cs.map((x) => this.condition(x, polarity));
        return c.k === 'all' ? { all: cs } : { any: cs };
      }
    }
  }

  scenarios(): Record<string, Scenario> {
    const out: Record<string, Scenario> = {};
    this.r.walks.forEach((w, i) => {
      const kind = w.end === 4 && !this.directInitial ? w.end % 3 : w.end;
      const name = `${kind === 3 ? 'stuck' : kind === 4 ? 'direct' : KINDS[kind]}-${i + 1}`;
      const steps = kind === 4 ? [{ state: this.directInitial as string }] : this.walk(w, kind);
      out[name] = {
        description: `generated walk ${i + 1}`,
        steps: steps as Scenario['steps'],
        ...(w.endedBy === null ? {} : { endedBy: at(ENDINGS, w.endedBy) }),
        ...(w.error === null ? {} : { error: w.error }),
        failRate: w.failRate,
        skipRate: w.skipRate,
      };
    });
    return out;
  }

  private walk(w: VendorRecipe['walks'][number], kind: number): Step[] {
    const states = [this.initial];
    for (const choice of w.choices) {
      const next = (this.transitions[states[states.length - 1] as string] ?? []).filter(
        (s) => !this.terminals.includes(s) && s !== this.transit,
      );
      if (next.length === 0) break;
      states.push(at(next, choice));
    }
    const last = states[states.length - 1] as string;
    if (kind === 3) states.push(last);
    else {
      const targets = (this.transitions[last] ?? []).filter((s) =>
        this.byKind[KINDS[kind] as Terminal].includes(s),
      );
      states.push(at(targets, w.endPick));
    }
    let p = 0;
    return states.map((state, i): Step => {
      const isLast = i === states.length - 1;
      const share = w.progress[i % w.progress.length];
      const step: Step = { state };
      if (!isLast) step.ms = at(w.ms, i);
      if (share !== null && share !== undefined && !this.terminals.includes(state)) {
        // Progress never goes back along a walk: each step starts where the last one got to.
        const to = isLast ? p : p + (1 - p) * share;
        step.progress = [p, Math.min(1, to)];
        p = Math.min(1, to);
      }
      return step;
    });
  }

  /** The states a control applies to, when its recipe names some. */
  private fromOf(c: VendorRecipe['complete']): string[] | undefined {
    const open = [this.initial, ...this.middle];
    return c.from === null ? undefined : [...new Set(c.from.map((f) => at(open, f)))];
  }

  controls(): MockSpec['controls'] {
    const control = (c: VendorRecipe['complete'], kind: Terminal): Control => {
      const from = this.fromOf(c);
      return {
        state: at(this.byKind[kind], c.pick),
        ...(c.endedBy === null ? {} : { endedBy: at(ENDINGS, c.endedBy) }),
        ...(c.error === null ? {} : { error: c.error }),
        ...(from ? { from } : {}),
      };
    };
    const cancel = this.r.cancel;
    return {
      complete: control(this.r.complete, 'success'),
      fail: control(this.r.fail, 'failure'),
      ...(cancel === null
        ? {}
        : {
            cancel: {
              ...control(cancel, 'cancelled'),
              ...(this.transit && cancel.via !== null
                ? { via: { state: this.transit, ms: cancel.via } }
                : {}),
            },
          }),
    };
  }
}

export function buildVendor(name: string, r: VendorRecipe): GeneratedVendor {
  const b = new Builder(r);
  const states = b.states();
  const body: Record<string, FieldSpec> = { [r.statusKey]: { from: 'state' } };
  if (r.withId) body.id = { from: 'id' };
  r.fields.forEach((f, i) => {
    addField(b, body, f, i, states);
  });
  const file: VendorFile = {
    name,
    title: `Generated vendor ${name}`,
    schema: { root: 'Status' },
    status: { field: `/${r.statusKey}`, states, transitions: b.transitions },
    ...(Object.keys(b.named).length > 0 ? { conditions: b.named } : {}),
    body,
    mock: {
      id: 'job-{{hex:12}}',
      work: { total: r.total },
      scenarios: b.scenarios(),
      controls: b.controls(),
    },
  };
  return { file, schema: objectSchema(body, Object.keys(states)) };
}

function addField(
  b: Builder,
  into: Record<string, FieldSpec>,
  f: FieldRecipe,
  i: number,
  states: VendorFile['status']['states'],
): void {
  const source = SOURCES[f.source] as (typeof SOURCES)[number];
  const key = `${source.replace(/[.:]/g, '_')}_${i}`;
  const isTime = source.startsWith('time.');
  const format = FORMATS[f.format] as NonNullable<FieldSpec['format']>;
  const stringTime = isTime && !format.startsWith('unix');
  const spec: FieldSpec = { from: source };
  if (source === 'time.entered') spec.from = `time.entered:${at(Object.keys(states), f.arg)}`;
  if (isTime) spec.format = format;
  // Rules that compare a field with the last body need it to stay once set (see Polarity).
  const polarity: Polarity =
    source === 'time.created' || source.startsWith('count.') || source === 'progress' || source === 'object'
      ? source === 'count.total'
        ? 'any'
        : 'up'
      : 'any';
  if (f.when !== null && source !== 'id') spec.when = b.condition(f.when, polarity);
  const unsetForms = stringTime ? [undefined, null, '', GO_ZERO_TIME] : [undefined, null, undefined, null];
  const unset = at(unsetForms, f.unset);
  if (unset !== undefined) spec.unset = unset;
  if (source === 'progress') {
    spec.scale = f.scale ? 100 : 1;
    if (f.integer) spec.integer = true;
  }
  if (source === 'const') spec.value = f.value;
  if (source === 'object') {
    spec.fields = {};
    f.fields.forEach((inner, j) => {
      addField(b, spec.fields as Record<string, FieldSpec>, inner, j, states);
    });
  }
  into[key] = spec;
}

/** What each string time format looks like at its end (the schema holds the mock to its format). */
const TIME_PATTERNS: Record<string, string> = {
  iso: '\\.\\d{3}Z$',
  'iso-seconds': ':\\d\\dZ$',
  'iso-micro': '\\.\\d{6}Z$',
};

/** Sources that have a value at every moment of every job. */
const ALWAYS_VALUED = new Set([
  'id',
  'state',
  'time.created',
  'time.started',
  'time.updated',
  'const',
  'object',
]);

function objectSchema(fields: Record<string, FieldSpec>, states: string[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [key, spec] of Object.entries(fields)) {
    const valued = ALWAYS_VALUED.has(spec.from) || spec.from.startsWith('count.') || spec.from === 'progress';
    if (Object.hasOwn(spec, 'unset') || (valued && spec.when === undefined)) required.push(key);
    const value = valueSchema(spec, states);
    properties[key] = Object.hasOwn(spec, 'unset') ? { anyOf: [value, { const: spec.unset }] } : value;
  }
  return { type: 'object', required, additionalProperties: false, properties };
}

function valueSchema(spec: FieldSpec, states: string[]): Record<string, unknown> {
  if (spec.from === 'state') return { type: 'string', enum: states };
  if (spec.from === 'id' || spec.from === 'error') return { type: 'string', minLength: 1 };
  if (spec.from === 'const') return { const: spec.value };
  if (spec.from === 'object') return objectSchema(spec.fields ?? {}, states);
  if (spec.from === 'progress') {
    return { type: spec.integer ? 'integer' : 'number', minimum: 0, maximum: spec.scale ?? 100 };
  }
  if (spec.from.startsWith('count.')) return { type: 'integer', minimum: 0 };
  if (spec.format?.startsWith('unix')) return { type: 'integer', minimum: 1_000_000_000 };
  return { type: 'string', format: 'date-time', pattern: TIME_PATTERNS[spec.format ?? 'iso'] };
}
