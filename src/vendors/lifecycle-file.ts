import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { JobkitError } from '../errors.js';
import type { Ajv2020 } from '../schema/ajv.js';
import { displayPath } from '../schema/bundle.js';
import { toIssues } from '../schema/issues.js';
import { parseJsonLocated } from '../util/json.js';
import { joinPointer } from '../util/pointer.js';

export type Terminal = 'success' | 'failure' | 'cancelled';

export interface StateDefinition {
  initial?: boolean;
  terminal?: Terminal;
  description?: string;
}

/** The lifecycle file's shape (mocks/lifecycle.schema.json is its JSON Schema). */
export interface LifecycleFile {
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

let metaSchemaText: string | undefined;

export function readLifecycleFile(
  ajv: Ajv2020,
  vendor: string,
  path: string,
  metaSchemaPath: string,
): LifecycleFile {
  const file = displayPath(path);
  const fail = (where: string, what: string): never => {
    throw new JobkitError('lifecycle-load', `Failed to load vendor "${vendor}": ${file}${where}: ${what}`);
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

  const metaId = 'https://jobkit.invalid/lifecycle.schema.json';
  if (!ajv.getSchema(metaId)) {
    metaSchemaText ??= readFileSync(metaSchemaPath, 'utf8');
    ajv.addSchema(JSON.parse(metaSchemaText));
  }
  const validate = ajv.getSchema(metaId);
  if (validate && !validate(data)) {
    const issues = toIssues(validate.errors, data);
    const lines = issues.map((i) => `  ${file}#${i.pointer}: ${i.message}`);
    throw new JobkitError(
      'lifecycle-load',
      `Failed to load vendor "${vendor}": its lifecycle file does not match mocks/lifecycle.schema.json:\n${lines.join('\n')}`,
    );
  }
  const lifecycle = data as LifecycleFile;
  if (lifecycle.name !== undefined && lifecycle.name !== vendor) {
    fail('#/name', `says "${lifecycle.name}" but the folder is "${vendor}". Make them equal.`);
  }
  checkStates(lifecycle, (pointer, what) => fail(`#${pointer}`, what));
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
