import type { ApiSpec, RouteSpec } from '../format/api.js';
import type { Condition, Control, FieldSpec, MockSpec, VendorFile } from '../format/types.js';
import {
  conditionProblems,
  conditionReads,
  conditionRefs,
  type NamedConditions,
} from '../lifecycle/conditions.js';
import { sourceOf } from '../lifecycle/sources.js';
import { own } from '../util/json.js';
import { joinPointer } from '../util/pointer.js';

type Fail = (pointer: string, what: string) => never;

/**
 * What the format's JSON Schema cannot say: names that must refer to declared states, sources
 * and conditions; scenarios that walk legal transitions; routes that can serve their action.
 */
export function checkVendorFile(file: VendorFile, fail: Fail): void {
  checkStates(file, fail);
  const named = file.conditions ?? {};
  for (const [name, problem] of conditionProblems(named)) fail(joinPointer('/conditions', name), problem);
  for (const [name, condition] of Object.entries(named)) {
    checkCondition(file, condition, joinPointer('/conditions', name), fail, 'any');
  }
  checkDerive(file, fail);
  checkFields(file, file.body ?? {}, '/body', fail);
  if (file.mock) checkMock(file, file.mock, fail);
  if (file.api) checkApi(file, file.api, fail);
}

function declared(file: VendorFile, state: string, at: string, fail: Fail): void {
  const states = file.status.states;
  if (!Object.hasOwn(states, state))
    fail(at, `"${state}" is not a declared state (${Object.keys(states).join(', ')}).`);
}

function checkStates(file: VendorFile, fail: Fail): void {
  const { states, transitions } = file.status;
  const names = Object.keys(states);
  if (!names.some((s) => own(states, s)?.initial)) {
    fail('/status/states', 'no state is marked "initial": true, so no job could start.');
  }
  if (!names.some((s) => own(states, s)?.terminal)) {
    fail('/status/states', 'no state has "terminal", so no job could finish.');
  }
  for (const [from, targets] of Object.entries(transitions)) {
    const at = joinPointer('/status/transitions', from);
    declared(file, from, at, fail);
    if (own(states, from)?.terminal) fail(at, `"${from}" is terminal; a terminal state has no transitions.`);
    targets.forEach((to, i) => {
      declared(file, to, joinPointer(at, i), fail);
    });
  }
  for (const name of names) {
    if (!own(states, name)?.terminal && !Object.hasOwn(transitions, name)) {
      fail(
        joinPointer('/status/transitions', name),
        `"${name}" is not terminal, so it needs a list of the states it may move to.`,
      );
    }
  }
}

/**
 * A derived status: every state it names is declared, every state a body can be in is named, and
 * its conditions read the body only (a body has no "terminal" of its own: that is what they say).
 */
function checkDerive(file: VendorFile, fail: Fail): void {
  const { derive, field } = file.status;
  if (derive === undefined) {
    if (field === undefined)
      fail('/status', 'say where the status is: "field" (a JSON pointer) or "derive".');
    return;
  }
  derive.forEach((entry, i) => {
    const at = joinPointer('/status/derive', i);
    declared(file, entry.state, joinPointer(at, 'state'), fail);
    checkCondition(file, entry.when, joinPointer(at, 'when'), fail, 'body');
  });
  const named = new Set(derive.map((d) => d.state));
  for (const state of Object.keys(file.status.states)) {
    if (!named.has(state))
      fail('/status/derive', `no entry derives "${state}", so a body could never be read as in it.`);
  }
}

/** What a condition may read: the job (a field's `when`), the body (`status.derive`), or either (a named one). */
type Reads = 'job' | 'body' | 'any';

function checkCondition(
  file: VendorFile,
  condition: Condition | undefined,
  at: string,
  fail: Fail,
  reads: Reads = 'job',
): void {
  const refs = conditionRefs(condition);
  for (const state of refs.states) declared(file, state, at, fail);
  const named: NamedConditions = file.conditions ?? {};
  for (const name of refs.names) {
    if (!Object.hasOwn(named, name)) {
      const known = Object.keys(named);
      fail(
        at,
        `"${name}" is neither a built-in condition (always, started, active, terminal, success, failure, cancelled) nor one of /conditions${known.length > 0 ? ` (${known.join(', ')})` : ''}.`,
      );
    }
  }
  if (reads === 'any') return;
  const used = conditionReads(condition, named);
  if (reads === 'job' && used.body.length > 0)
    fail(
      at,
      `"${used.body[0]}" reads the body, which is being written here: body conditions belong in /status/derive.`,
    );
  if (reads === 'body' && used.job.length > 0)
    fail(
      at,
      `"${used.job[0]}" reads the job, but a derived status sees only the body: use present, equals, not, all, any or always.`,
    );
}

function checkFields(file: VendorFile, fields: Record<string, FieldSpec>, at: string, fail: Fail): void {
  for (const [key, field] of Object.entries(fields)) {
    const here = joinPointer(at, key);
    checkField(file, field, here, fail);
  }
}

function checkField(file: VendorFile, field: FieldSpec, here: string, fail: Fail): void {
  const source = sourceOf(field.from);
  if (!source) fail(joinPointer(here, 'from'), `unknown source "${field.from}".`);
  if (source?.arg === 'state') {
    const state = field.from.slice(field.from.indexOf(':') + 1);
    if (!field.from.includes(':'))
      fail(joinPointer(here, 'from'), `"${field.from}" needs a state: "${field.from}:<state>".`);
    declared(file, state, joinPointer(here, 'from'), fail);
  }
  checkCondition(file, field.when, joinPointer(here, 'when'), fail);
  if (field.fields) checkFields(file, field.fields, joinPointer(here, 'fields'), fail);
  if (field.fallback) checkField(file, field.fallback, joinPointer(here, 'fallback'), fail);
}

/**
 * The mock obeys the same rules the contract runner checks: every scenario must walk legal
 * transitions from an initial state, and end terminal or stay (a stuck job).
 */
function checkMock(file: VendorFile, mock: MockSpec, fail: Fail): void {
  const { states, transitions } = file.status;
  for (const [name, scenario] of Object.entries(mock.scenarios)) {
    const at = joinPointer('/mock/scenarios', name, 'steps');
    let previous: string | undefined;
    scenario.steps.forEach((step, i) => {
      const here = joinPointer(at, i);
      declared(file, step.state, joinPointer(here, 'state'), fail);
      const last = i === scenario.steps.length - 1;
      if (!last && own(states, step.state)?.terminal)
        fail(here, `"${step.state}" is terminal, so it must be the last step.`);
      if (!last && step.ms === undefined)
        fail(here, 'every step but the last needs "ms" (how long it lasts).');
      if (previous === undefined && !own(states, step.state)?.initial) {
        fail(joinPointer(here, 'state'), `a job starts in "${step.state}", which is not an initial state.`);
      }
      if (
        previous !== undefined &&
        previous !== step.state &&
        !(own(transitions, previous) ?? []).includes(step.state)
      ) {
        fail(
          joinPointer(here, 'state'),
          `"${previous}" → "${step.state}" is not a legal transition (see /status/transitions).`,
        );
      }
      previous = step.state;
    });
  }
  for (const [name, control] of Object.entries(mock.controls)) {
    if (!control) continue;
    const at = joinPointer('/mock/controls', name, 'state');
    declared(file, control.state, at, fail);
    if (!own(states, control.state)?.terminal) fail(at, `"${control.state}" must be a terminal state.`);
    if (control.via) checkVia(file, control, joinPointer('/mock/controls', name), fail);
  }
}

/**
 * A control's transit is two moves the contract runner will see: into the transit state from
 * wherever the control applies (its `from`, else every non-terminal state), then on to its state.
 */
function checkVia(file: VendorFile, control: Control, at: string, fail: Fail): void {
  const { states, transitions } = file.status;
  const via = (control.via as NonNullable<Control['via']>).state;
  const viaAt = joinPointer(at, 'via', 'state');
  declared(file, via, viaAt, fail);
  if (own(states, via)?.terminal) {
    fail(viaAt, `"${via}" is terminal; a transit state is one the job leaves for "${control.state}".`);
  }
  const legal = (from: string, to: string) => (own(transitions, from) ?? []).includes(to);
  const sources = control.from ?? Object.keys(states).filter((s) => !own(states, s)?.terminal && s !== via);
  sources.forEach((from, i) => {
    const here = control.from ? joinPointer(at, 'from', i) : viaAt;
    if (from === via) fail(here, `"${via}" is the transit state itself: a job in it is already on its way.`);
    if (!legal(from, via)) {
      fail(
        here,
        `"${from}" → "${via}" is not a legal transition (see /status/transitions), but the control moves a "${from}" job into its transit state.`,
      );
    }
  });
  if (!legal(via, control.state)) {
    fail(
      viaAt,
      `"${via}" → "${control.state}" is not a legal transition (see /status/transitions), but the transit ends in "${control.state}".`,
    );
  }
}

const ACTION_NEEDS: Record<string, keyof RouteSpec | undefined> = {
  list: 'list',
  create: 'create',
  static: 'response',
  lookup: 'lookup',
  status: undefined,
  cancel: undefined,
};

function checkApi(file: VendorFile, api: ApiSpec, fail: Fail): void {
  if (!file.mock) fail('/api', 'routes need a "mock" section: they serve its jobs.');
  const seen = new Set<string>();
  api.routes.forEach((route, i) => {
    const at = joinPointer('/api/routes', i);
    const key = `${route.method} ${route.path.replace(/\{[^}]+\}/g, '{}')}`;
    if (seen.has(key)) fail(at, `${route.method} ${route.path} is declared twice.`);
    seen.add(key);
    const needs = ACTION_NEEDS[route.action];
    if (needs && route[needs] === undefined) fail(at, `a "${route.action}" route needs "${needs}".`);
    const cursor = route.list?.cursor;
    if (typeof cursor === 'object' && cursor.style !== 'after-id') {
      // `unknown` also names the kind of an unreadable positional cursor (DRF's 404 "Invalid cursor").
      if (cursor.before !== undefined) {
        fail(
          joinPointer(at, 'list', 'cursor', 'before'),
          `"before" is for "after-id" cursors (ids of jobs); a "${cursor.style}" cursor has no job to name.`,
        );
      }
    }
    const params = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    const idParam = route.idParam ?? 'id';
    if (['status', 'cancel'].includes(route.action) && !params.includes(idParam)) {
      fail(
        joinPointer(at, 'path'),
        `a "${route.action}" route needs the job id in its path as {${idParam}}.`,
      );
    }
    if (route.lookup?.records && file.mock?.work.totalFrom === undefined) {
      fail(
        joinPointer(at, 'lookup', 'records'),
        'records are the items of the create request: set "mock.work.totalFrom" to the array that holds them.',
      );
    }
    checkRouteHeaders(file, route, at, fail);
  });
}

/** Placeholders a route's header templates may name (job-headers.ts fills them). */
const HEADER_NAMES = new Set(['requestId', 'statusUrl', 'job.id', 'now', 'retryAfter']);
const HEADER_PREFIXES = ['param.', 'body:'];
const CREATE_NAMES = new Set(['count']);
const CREATE_PREFIXES = ['request:'];
const HOLE = /\{\{([^{}|]+)(?:\|[^{}]*)?\}\}/g;
const HEADER_TEXT = /^[\t\x20-\x7e\x80-\xff]*$/;

function checkRouteHeaders(file: VendorFile, route: RouteSpec, at: string, fail: Fail): void {
  if (route.status !== undefined && route.action !== 'status')
    fail(joinPointer(at, 'status'), `only a "status" route has a "status" section.`);
  if (route.action === 'status' && route.response?.body !== undefined)
    fail(joinPointer(at, 'response', 'body'), "a status route answers with the job's body: no `body` here.");
  for (const state of Object.keys(route.status?.retryAfter ?? {})) {
    const where = joinPointer(at, 'status', 'retryAfter', state);
    declared(file, state, where, fail);
    if (own(file.status.states, state)?.terminal)
      fail(where, `"${state}" is terminal: a client polls no more there, so it has no Retry-After.`);
  }
  if (route.action === 'static') return;
  const isCreate = route.action === 'create';
  const base = isCreate
    ? joinPointer(at, 'create', 'response', 'headers')
    : joinPointer(at, 'response', 'headers');
  const headers = isCreate ? route.create?.response.headers : route.response?.headers;
  for (const [name, template] of Object.entries(headers ?? {})) {
    const where = joinPointer(base, name);
    if (!HEADER_TEXT.test(template.replace(HOLE, '')))
      fail(where, 'a header value holds a character HTTP does not allow (a control or beyond Latin-1).');
    for (const [, raw] of template.matchAll(HOLE)) {
      const hole = (raw as string).trim();
      const known =
        HEADER_NAMES.has(hole) ||
        HEADER_PREFIXES.some((p) => hole.startsWith(p)) ||
        (isCreate && (CREATE_NAMES.has(hole) || CREATE_PREFIXES.some((p) => hole.startsWith(p))));
      if (!known)
        fail(
          where,
          `{{${hole}}} is not a header placeholder: use requestId, statusUrl, job.id, now, retryAfter, param.<name> or body:<pointer>${isCreate ? ', count or request:<pointer>' : ''}.`,
        );
    }
  }
}
