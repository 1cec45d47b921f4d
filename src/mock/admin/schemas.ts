import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from '../../schema/ajv.js';
import { toIssues, type ValidationIssue } from '../../schema/issues.js';
import { ID_SCHEMA, idProblem, idSchemaPointer, MAX_ID_LENGTH, PARAM_SCHEMA, quoted } from '../ids.js';
import type { MockState } from '../state.js';
import { ASCENDING, faultRules, faultSchema } from './fault-schema.js';
import { type AdminRefusal, type Rule, unknownScenario } from './rule.js';
import { scenarioRuleRules, scenarioRuleSchema } from './scenario-schema.js';

export type { AdminRefusal, Rule } from './rule.js';

export const MAX_ADVANCE_MS = 10 * 365 * 24 * 3600_000;

function jobsSchema(state: MockState, idRefs: Map<string, string>) {
  const names = [...state.vendors.keys()];
  return {
    type: 'object',
    required: ['vendor'],
    properties: {
      vendor: { type: 'string', enum: names },
      scenario: { type: 'string' },
      id: ID_SCHEMA,
      params: { type: 'object', additionalProperties: PARAM_SCHEMA },
      count: { type: 'integer', minimum: 1, maximum: 10_000 },
    },
    // Each vendor's scenarios; and many jobs at once cannot share one id.
    allOf: [
      ...[...state.vendors.values()].map((mv) => ({
        if: { properties: { vendor: { const: mv.name } }, required: ['vendor'] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise.
        then: {
          properties: {
            scenario: { enum: [...mv.scenarioList] },
            // The vendor's own id schema: the mock must not serve bodies that fail it.
            ...(idRefs.has(mv.name) ? { id: { $ref: idRefs.get(mv.name) } } : {}),
          },
        },
      })),
      { dependentSchemas: { count: { not: { required: ['id'] } } } },
    ],
  };
}

function jobsRules(state: MockState): Rule[] {
  const names = () => [...state.vendors.keys()].join(', ');
  const bad = (message: string) => () => ({ status: 400, code: 'invalid_body', message });
  return [
    {
      at: '/vendor',
      keywords: ['enum'],
      refusal: (b) => ({
        status: 400,
        code: 'unknown_vendor',
        message: `Unknown vendor "${b.vendor}". Served vendors: ${names()}.`,
      }),
    },
    { at: '/vendor', refusal: bad(`"vendor" is required: one of ${names()}.`) },
    unknownScenario(state),
    {
      at: '/id',
      refusal: (b) => ({
        status: 400,
        code: 'invalid_body',
        message:
          typeof b.id === 'string' && idProblem(b.id) !== undefined
            ? `"id" ${idProblem(b.id)}: an id is 1 to ${MAX_ID_LENGTH} characters of text without controls, and not "." or "..".`
            : typeof b.id === 'string'
              ? `"id" ${quoted(b.id)} does not fit ${String(b.vendor)}'s id schema (${idSchemaPointer(state.vendorOf(String(b.vendor)).vendor)}).`
              : '"id" must be a non-empty string.',
      }),
    },
    { at: '/params', refusal: bad('"params" must be an object of strings, e.g. {"project_id": "2"}.') },
  ];
}

/** Checked after the duplicate id (a 409 comes first, as it always has). */
export const COUNT_RULES: Rule[] = [
  {
    at: '/count',
    refusal: () => ({
      status: 400,
      code: 'invalid_body',
      message: '"count" must be a whole number from 1 to 10000 (and cannot go with "id").',
    }),
  },
  {
    at: '',
    keywords: ['not'],
    refusal: () => ({
      status: 400,
      code: 'invalid_body',
      message: '"count" must be a whole number from 1 to 10000 (and cannot go with "id").',
    }),
  },
];

const clockSchema = {
  type: 'object',
  required: ['advanceMs'],
  properties: { advanceMs: { type: 'number', minimum: 0, maximum: MAX_ADVANCE_MS } },
};

export const TOO_FAR = `"advanceMs" may move the clock by at most ${MAX_ADVANCE_MS} ms (10 years) at a time, and not past the year 275760.`;

const clockRules: Rule[] = [
  {
    at: '/advanceMs',
    keywords: ['maximum'],
    refusal: () => ({ status: 400, code: 'invalid_body', message: TOO_FAR }),
  },
  {
    at: '/advanceMs',
    refusal: () => ({
      status: 400,
      code: 'invalid_body',
      message: '"advanceMs" must be a number of milliseconds ≥ 0, e.g. {"advanceMs": 60000}.',
    }),
  },
];

/** The real clock's speed, as `jobkit serve --speed` takes it. */
const speedSchema = {
  type: 'object',
  required: ['speed'],
  properties: { speed: { type: 'number', exclusiveMinimum: 0, maximum: 100_000 } },
};

const speedRules: Rule[] = [
  {
    refusal: () => ({
      status: 400,
      code: 'invalid_body',
      message: '"speed" must be a number above 0 and at most 100000, e.g. {"speed": 50}.',
    }),
  },
];

/** The first refusal the rules find in the body's issues (all of them attached), if any. */
export type BodyCheck = (body: Record<string, unknown>, rules?: Rule[]) => AdminRefusal | undefined;

function matches(issue: ValidationIssue, rule: Rule): boolean {
  const at =
    rule.at === undefined ||
    issue.pointer === rule.at ||
    (rule.at !== '' && issue.pointer.startsWith(`${rule.at}/`));
  return at && (!rule.keywords || rule.keywords.includes(issue.keyword));
}

function checker(validate: ValidateFunction, rules: Rule[]): BodyCheck {
  return (body, only = rules) => {
    if (validate(body)) return undefined;
    const issues = toIssues(validate.errors, body);
    for (const rule of only) {
      if (issues.some((issue) => matches(issue, rule))) return { ...rule.refusal(body), issues };
    }
    return undefined;
  };
}

/**
 * Each vendor's id schema as a `$ref` into its schema bundle, the bundles added to `ajv` (with
 * the formats they use that jobkit does not know as annotations, as their load did).
 */
function vendorIdRefs(ajv: Ajv2020, state: MockState): Map<string, string> {
  const refs = new Map<string, string>();
  for (const mv of state.vendors.values()) {
    const pointer = idSchemaPointer(mv.vendor);
    if (pointer === undefined) continue;
    const { bundle } = mv.vendor.schemas;
    for (const format of bundle.formats.keys()) if (!ajv.formats[format]) ajv.addFormat(format, true);
    if (!ajv.getSchema(bundle.id)) ajv.addSchema(bundle.document);
    refs.set(mv.name, `${bundle.id}#${encodeURI(pointer)}`);
  }
  return refs;
}

/**
 * The admin API's body schemas, compiled once per app, on the first body checked: Ajv's compiler
 * costs tens of milliseconds, and `jobkit serve` answers vendor routes before anyone calls it.
 */
export function adminChecks(state: MockState) {
  let compiled:
    | { jobs: BodyCheck; clock: BodyCheck; speed: BodyCheck; fault: BodyCheck; scenarioRule: BodyCheck }
    | undefined;
  const get = () => {
    if (compiled) return compiled;
    const ajv = state.createAjv();
    ajv.addKeyword(ASCENDING);
    compiled = {
      jobs: checker(ajv.compile(jobsSchema(state, vendorIdRefs(ajv, state))), jobsRules(state)),
      clock: checker(ajv.compile(clockSchema), clockRules),
      speed: checker(ajv.compile(speedSchema), speedRules),
      fault: checker(ajv.compile(faultSchema(state)), faultRules(state)),
      scenarioRule: checker(ajv.compile(scenarioRuleSchema(state)), scenarioRuleRules(state)),
    };
    return compiled;
  };
  return {
    jobs: (body: Record<string, unknown>) => get().jobs(body),
    jobsCount: (body: Record<string, unknown>) => get().jobs(body, COUNT_RULES),
    clock: (body: Record<string, unknown>) => get().clock(body),
    speed: (body: Record<string, unknown>) => get().speed(body),
    fault: (body: Record<string, unknown>) => get().fault(body),
    scenarioRule: (body: Record<string, unknown>) => get().scenarioRule(body),
  };
}

export type AdminChecks = ReturnType<typeof adminChecks>;
