import { readTime, TIME_FORMATS } from '../../src/lifecycle/engine.js';
import { MockVendor } from '../../src/mock/jobs.js';
import type { RuleModel, StateTimeField } from '../../src/rules/model.js';
import { isObject } from '../../src/util/json.js';
import { getAt } from '../../src/util/pointer.js';
import type { Vendor } from '../../src/vendors/registry.js';

/**
 * What the mock sends along a scenario, and one-defect variants of it, for the one-model property.
 * Moments are chosen per planned step (its start, points inside, its last millisecond), so a
 * sequence sees every state the scenario passes through, however short.
 */

export type Body = Record<string, unknown>;
export type ControlName = 'complete' | 'fail' | 'cancel';

export interface Run {
  scenario: string;
  seed: number;
  /** Fractions (0–1) of each step at which the body is also read. */
  inside: number[];
  /** An admin control at a moment: the index of a moment of the natural run, and the control. */
  end?: { control: ControlName; moment: number };
}

export interface Rendered {
  bodies: Body[];
  /** Whether the admin control was accepted (it is refused for a terminal job, or outside `from`). */
  ended: boolean;
  stuck: boolean;
}

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0, 321);

export function mockOf(vendor: Vendor, seed: number): MockVendor {
  const spec = vendor.lifecycle.mock;
  if (!spec) throw new Error(`${vendor.name} has no mock section`);
  return new MockVendor(vendor, spec, seed);
}

export function render(vendor: Vendor, run: Run): Rendered {
  const mv = mockOf(vendor, run.seed);
  const job = mv.createJob({ scenario: run.scenario, now: T0 });
  const moments = new Set<number>();
  for (const step of mv.planOf(job).steps) {
    const start = job.createdAt + step.start;
    const length = Number.isFinite(step.end) ? step.end - step.start : 120_000;
    moments.add(start);
    for (const f of run.inside) moments.add(start + Math.floor(f * length));
    if (Number.isFinite(step.end)) moments.add(start + length - 1);
  }
  const times = [...moments].sort((a, b) => a - b);
  times.push((times[times.length - 1] as number) + 600_000);
  const bodies: Body[] = [];
  let ended = false;
  const endAt = run.end ? times[run.end.moment % times.length] : undefined;
  for (let i = 0; i < times.length; i++) {
    const t = times[i] as number;
    if (run.end && endAt !== undefined && !ended && t >= endAt) {
      const control = mv.control(run.end.control);
      if (control) ended = mv.end(job, control, endAt, run.end.control === 'complete').ok;
      if (ended && t > endAt) bodies.push(mv.body(job, endAt));
      const until = job.end?.via?.until;
      if (ended && until !== undefined) addMoments(times, i, [until - 1, until, until + 1000]);
    }
    bodies.push(mv.body(job, t));
  }
  const last = bodies[bodies.length - 1];
  const lastState = getAt(last, vendor.statusField);
  return { bodies, ended, stuck: !vendor.states.some((s) => s.name === lastState && s.terminal) };
}

/** Adds moments after `times[i]` (a transit's last millisecond and its end), keeping the rest in order. */
function addMoments(times: number[], i: number, moments: number[]): void {
  const t = times[i] as number;
  const later = moments.filter((m) => m > t && !times.includes(m));
  const tail = [...times.slice(i + 1), ...later].sort((a, b) => a - b);
  times.splice(i + 1, times.length, ...tail);
}

/** One body with one defect, appended after `after` bodies of a clean sequence; the rules it must break. */
export interface Defect {
  name: string;
  after: number;
  body: Body;
  rules: string[];
}

const copy = (body: Body): Body => structuredClone(body);

/** Sets (or, for undefined, removes) a value; false when the object holding it is not in the body. */
function setAt(body: Body, tokens: readonly string[], value: unknown): boolean {
  const parent = getAt(body, tokens.slice(0, -1));
  if (!isObject(parent)) return false;
  const key = tokens[tokens.length - 1] as string;
  if (value === undefined) delete parent[key];
  else parent[key] = value;
  return true;
}

const isSet = (v: unknown) => readTime(v, undefined) !== undefined;

/** A time the same format would send, `shift` ms away from `value` (or from T0 when unset). */
function shifted(value: unknown, format: string | undefined, shift: number): unknown {
  const ms = readTime(value, format) ?? T0;
  return (TIME_FORMATS[format ?? 'iso'] ?? TIME_FORMATS.iso)?.(ms + shift, 7);
}

/** Every defect the sequence allows, each on its own: the caller checks each with a fresh checker. */
export function defectsOf(model: RuleModel, bodies: Body[]): Defect[] {
  const out: Defect[] = [];
  const stateOf = (b: Body) => getAt(b, model.paths.status) as string;
  const terminal = (b: Body) => model.states[stateOf(b)]?.terminal !== undefined;
  const on = (rule: string) => !model.off.has(rule);

  // A status going back: a later body shows a state the one before cannot reach.
  for (let j = bodies.length - 1; j > 0 && out.length === 0; j--) {
    const now = stateOf(bodies[j] as Body);
    const back = bodies
      .slice(0, j)
      .map(stateOf)
      .find((s) => s !== now && !model.reachable[now]?.has(s));
    if (back === undefined) continue;
    const body = copy(bodies[j] as Body);
    setAt(body, model.paths.status, back);
    const rule = model.states[now]?.terminal ? 'terminal-final' : 'transition-legal';
    if (on(rule)) out.push({ name: `status ${now} → ${back}`, after: j + 1, body, rules: [rule] });
  }

  // A counter going down.
  for (const path of model.paths.monotonic) {
    const j = bodies.findLastIndex((b) => {
      const v = getAt(b, path.tokens);
      return typeof v === 'number' && v > 0;
    });
    if (j === -1 || !on('monotonic')) continue;
    const body = copy(bodies[j] as Body);
    const v = getAt(body, path.tokens) as number;
    setAt(body, path.tokens, Number.isInteger(v) ? Math.floor(v / 2) : v / 2);
    out.push({ name: `${path.pointer} goes down`, after: j + 1, body, rules: ['monotonic'] });
    break;
  }

  const finished = model.finished[0];
  if (finished && on('finished-when-terminal')) {
    // A finished time set before the job is over.
    const j = bodies.findIndex((b) => !terminal(b));
    if (j !== -1 && !finished.earlyAllowed) {
      const body = copy(bodies[j] as Body);
      const at = shifted(getAt(body, model.created[0]?.tokens ?? []), finished.format, 0);
      if (setAt(body, finished.tokens, at))
        out.push({
          name: `${finished.pointer} set early`,
          after: j,
          body,
          rules: ['finished-when-terminal'],
        });
    }
    // A finished time missing where the declaration says it is set.
    const k = bodies.findIndex(
      (b) => terminal(b) && !finished.unsetAllowedIn.has(stateOf(b)) && isSet(getAt(b, finished.tokens)),
    );
    if (k !== -1) {
      const body = copy(bodies[k] as Body);
      setAt(body, finished.tokens, finished.unset);
      out.push({ name: `${finished.pointer} missing`, after: k, body, rules: ['finished-when-terminal'] });
    }
  }

  if (on('state-time'))
    for (const field of model.stateTimes) out.push(...stateTimeDefects(field, bodies, stateOf));

  // A time set once (created, started, finished) that changes.
  for (const field of model.setOnce) {
    if (!on(field.rule)) continue;
    const j = bodies.findIndex((b) => isSet(getAt(b, field.tokens)));
    if (j === -1) continue;
    const body = copy(bodies[j] as Body);
    const shift = field.format === 'unix-s' || field.format === 'iso-seconds' ? 5000 : 7;
    setAt(body, field.tokens, shifted(getAt(body, field.tokens), field.format, shift));
    out.push({ name: `${field.pointer} changes`, after: j + 1, body, rules: [field.rule] });
  }
  return out;
}

/** A per-state time set where the job cannot have entered its state yet, and one that changes once set. */
function stateTimeDefects(field: StateTimeField, bodies: Body[], stateOf: (b: Body) => string): Defect[] {
  const out: Defect[] = [];
  const rules = ['state-time'];
  for (let j = 0; j < bodies.length; j++) {
    if (!field.unsetIn.has(stateOf(bodies[j] as Body))) continue;
    const body = copy(bodies[j] as Body);
    if (!setAt(body, field.tokens, shifted(undefined, field.format, 0))) continue;
    out.push({ name: `${field.pointer} set early in ${stateOf(body)}`, after: j, body, rules });
    break;
  }
  const k = bodies.findIndex((b) => isSet(getAt(b, field.tokens)));
  if (k !== -1) {
    const body = copy(bodies[k] as Body);
    const shift = field.format === 'unix-s' || field.format === 'iso-seconds' ? 5000 : 7;
    setAt(body, field.tokens, shifted(getAt(body, field.tokens), field.format, shift));
    out.push({ name: `${field.pointer} changes`, after: k + 1, body, rules });
  }
  return out;
}
