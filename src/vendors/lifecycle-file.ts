import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { JobkitError } from '../errors.js';
import { isKnownSource } from '../lifecycle/engine.js';
import type { Condition, FieldSpec, MockSpec } from '../lifecycle/types.js';
import type { ApiSpec, RouteSpec } from '../mock/types.js';
import type { Ajv2020 } from '../schema/ajv.js';
import { displayPath } from '../schema/bundle.js';
import { toIssues } from '../schema/issues.js';
import { loadPrecompiled, precompiledDir } from '../schema/precompiled.js';
import { parseJsonLocated } from '../util/json.js';
import { joinPointer } from '../util/pointer.js';
import { parseYaml } from '../util/yaml.js';

export type Terminal = 'success' | 'failure' | 'cancelled';

export interface StateDefinition {
  initial?: boolean;
  terminal?: Terminal;
  description?: string;
}

/** The lifecycle file's shape (mocks/lifecycle.schema.json is its JSON Schema). */
export interface LifecycleFile {
  mock?: MockSpec;
  api?: ApiSpec;
  /** Per-rule settings for the contract runner (switch off, or documented relaxations). */
  rules?: Record<string, { off?: boolean; early?: boolean }>;
  name?: string;
  title: string;
  description?: string;
  docs?: string;
  schema: { root: string };
  status: {
    field: string;
    states: Record<string, StateDefinition>;
    transitions: Record<string, string[]>;
  };
}

let metaValidator: ValidateFunction | undefined;

/** The lifecycle file's own validator: precompiled at build time, else compiled once. */
function lifecycleValidator(getAjv: () => Ajv2020, metaSchemaPath: string): ValidateFunction | undefined {
  if (metaValidator) return metaValidator;
  // The meta-schema sits at <root>/mocks/lifecycle.schema.json; precompiled code at <root>/dist/precompiled.
  metaValidator = loadPrecompiled(precompiledDir(dirname(dirname(metaSchemaPath))), 'lifecycle', '')?.get(
    'lifecycle',
  );
  if (metaValidator) return metaValidator;
  const ajv = getAjv();
  const metaId = 'https://jobkit.invalid/lifecycle.schema.json';
  if (!ajv.getSchema(metaId)) ajv.addSchema(JSON.parse(readFileSync(metaSchemaPath, 'utf8')));
  metaValidator = ajv.getSchema(metaId);
  return metaValidator;
}

export function readLifecycleFile(
  getAjv: () => Ajv2020,
  vendor: string,
  path: string,
  metaSchemaPath: string,
): LifecycleFile {
  const file = displayPath(path);
  const fail = (where: string, what: string): never => {
    throw new JobkitError('lifecycle-load', `Failed to load vendor "${vendor}": ${file}${where}: ${what}`, {
      file,
      pointer: where.startsWith('#') ? where.slice(1) : undefined,
    });
  };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return fail('', `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  let data: unknown;
  if (path.endsWith('.json')) {
    const parsed = parseJsonLocated(text);
    if (!parsed.ok) return fail(`:${parsed.line}:${parsed.column}`, `invalid JSON (${parsed.reason}).`);
    data = parsed.value;
  } else {
    try {
      data = parseYaml(text);
    } catch (error) {
      return fail('', `invalid YAML (${String((error as Error).message).split('\n')[0]}).`);
    }
  }

  const validate = lifecycleValidator(getAjv, metaSchemaPath);
  if (validate && !validate(data)) {
    const issues = toIssues(validate.errors, data);
    const lines = issues.map((i) => `  ${file}#${i.pointer}: ${i.message}`);
    throw new JobkitError(
      'lifecycle-load',
      `Failed to load vendor "${vendor}": its lifecycle file does not match mocks/lifecycle.schema.json:\n${lines.join('\n')}`,
      { file, pointer: issues.length === 1 ? issues[0]?.pointer : undefined },
    );
  }
  const lifecycle = data as LifecycleFile;
  if (lifecycle.name !== undefined && lifecycle.name !== vendor) {
    fail('#/name', `says "${lifecycle.name}" but the folder is "${vendor}". Make them equal.`);
  }
  checkStates(lifecycle, (pointer, what) => fail(`#${pointer}`, what));
  if (lifecycle.mock) checkMock(lifecycle, lifecycle.mock, (pointer, what) => fail(`#${pointer}`, what));
  if (lifecycle.api) checkApi(lifecycle, lifecycle.api, (pointer, what) => fail(`#${pointer}`, what));
  return lifecycle;
}

function checkStates(lifecycle: LifecycleFile, fail: (pointer: string, what: string) => never): void {
  const { states, transitions } = lifecycle.status;
  const names = Object.keys(states);
  if (!names.some((s) => states[s]?.initial)) {
    fail('/status/states', 'no state is marked "initial": true, so no job could start.');
  }
  if (!names.some((s) => states[s]?.terminal)) {
    fail('/status/states', 'no state has "terminal", so no job could finish.');
  }
  for (const [from, targets] of Object.entries(transitions)) {
    const at = joinPointer('/status/transitions', from);
    if (!(from in states)) fail(at, `"${from}" is not a declared state (${names.join(', ')}).`);
    if (states[from]?.terminal) fail(at, `"${from}" is terminal; a terminal state has no transitions.`);
    targets.forEach((to, i) => {
      if (!(to in states)) fail(joinPointer(at, i), `"${to}" is not a declared state (${names.join(', ')}).`);
    });
  }
  for (const name of names) {
    if (!states[name]?.terminal && !(name in transitions)) {
      fail(
        joinPointer('/status/transitions', name),
        `"${name}" is not terminal, so it needs a list of the states it may move to.`,
      );
    }
  }
}

type Fail = (pointer: string, what: string) => never;

/**
 * The mock obeys the same rules the contract runner checks: every scenario must walk legal
 * transitions from an initial state, and end terminal or stay (a stuck job).
 */
function checkMock(lifecycle: LifecycleFile, mock: MockSpec, fail: Fail): void {
  const { states, transitions } = lifecycle.status;
  const declared = (state: string, at: string) => {
    if (!(state in states))
      fail(at, `"${state}" is not a declared state (${Object.keys(states).join(', ')}).`);
  };
  for (const [name, scenario] of Object.entries(mock.scenarios)) {
    const at = joinPointer('/mock/scenarios', name, 'steps');
    let previous: string | undefined;
    scenario.steps.forEach((step, i) => {
      const here = joinPointer(at, i);
      declared(step.state, joinPointer(here, 'state'));
      const last = i === scenario.steps.length - 1;
      if (!last && states[step.state]?.terminal)
        fail(here, `"${step.state}" is terminal, so it must be the last step.`);
      if (!last && step.ms === undefined)
        fail(here, 'every step but the last needs "ms" (how long it lasts).');
      if (previous === undefined && !states[step.state]?.initial) {
        fail(joinPointer(here, 'state'), `a job starts in "${step.state}", which is not an initial state.`);
      }
      if (
        previous !== undefined &&
        previous !== step.state &&
        !(transitions[previous] ?? []).includes(step.state)
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
    declared(control.state, at);
    if (!states[control.state]?.terminal) fail(at, `"${control.state}" must be a terminal state.`);
  }
  const checkFields = (fields: Record<string, FieldSpec>, at: string) => {
    for (const [key, field] of Object.entries(fields)) {
      const here = joinPointer(at, key);
      if (!isKnownSource(field.from)) fail(joinPointer(here, 'from'), `unknown source "${field.from}".`);
      for (const state of statesIn(field.when)) declared(state, joinPointer(here, 'when'));
      if (field.fields) checkFields(field.fields, joinPointer(here, 'fields'));
    }
  };
  checkFields(mock.body, '/mock/body');
}

function statesIn(condition: Condition | undefined): string[] {
  if (condition === undefined || typeof condition === 'string') return [];
  if ('states' in condition) return condition.states;
  if ('not' in condition) return statesIn(condition.not);
  if ('all' in condition) return condition.all.flatMap(statesIn);
  if ('any' in condition) return condition.any.flatMap(statesIn);
  return [];
}

const ACTION_NEEDS: Record<string, keyof RouteSpec | undefined> = {
  list: 'list',
  create: 'create',
  static: 'response',
  lookup: 'lookup',
  status: undefined,
  cancel: undefined,
};

function checkApi(lifecycle: LifecycleFile, api: ApiSpec, fail: Fail): void {
  if (!lifecycle.mock) fail('/api', 'routes need a "mock" section: they serve its jobs.');
  const seen = new Set<string>();
  api.routes.forEach((route, i) => {
    const at = joinPointer('/api/routes', i);
    const key = `${route.method} ${route.path.replace(/\{[^}]+\}/g, '{}')}`;
    if (seen.has(key)) fail(at, `${route.method} ${route.path} is declared twice.`);
    seen.add(key);
    const needs = ACTION_NEEDS[route.action];
    if (needs && route[needs] === undefined) fail(at, `a "${route.action}" route needs "${needs}".`);
    const params = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
    const idParam = route.idParam ?? 'id';
    if (['status', 'cancel'].includes(route.action) && !params.includes(idParam)) {
      fail(
        joinPointer(at, 'path'),
        `a "${route.action}" route needs the job id in its path as {${idParam}}.`,
      );
    }
  });
}
