import type { MockState } from '../state.js';
import { type Rule, unknownScenario } from './rule.js';

/** The most creations one rule can be given: a budget, not a counter to run forever. */
export const MAX_RULE_TIMES = 100_000;

/** A scenario rule's schema for the served vendors: each vendor's scenarios and create routes are enums. */
export function scenarioRuleSchema(state: MockState) {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['vendor', 'scenario'],
    properties: {
      vendor: { type: 'string', enum: [...state.vendors.keys()] },
      route: { type: 'string' },
      scenario: { type: 'string' },
      times: { type: 'integer', minimum: 1, maximum: MAX_RULE_TIMES },
    },
    allOf: [...state.vendors.values()].map((mv) => {
      const creates = state.compiled.filter((r) => r.vendor.name === mv.name && r.spec.action === 'create');
      const routes = creates.flatMap((r) => [r.spec.path, `${r.spec.method} ${r.spec.path}`]);
      return {
        if: { properties: { vendor: { const: mv.name } }, required: ['vendor'] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise.
        then: {
          properties: {
            scenario: { enum: [...mv.scenarioList] },
            // A vendor with no create route takes no route (its jobs come from the admin API only).
            route: routes.length > 0 ? { enum: routes } : false,
          },
        },
      };
    }),
  };
}

export function scenarioRuleRules(state: MockState): Rule[] {
  const names = () => [...state.vendors.keys()].join(', ');
  const bad = (message: string) => () => ({ status: 400, code: 'invalid_body', message });
  return [
    {
      keywords: ['additionalProperties'],
      refusal: bad('A scenario rule takes "vendor", "scenario", and optionally "route" and "times".'),
    },
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
    {
      at: '/scenario',
      keywords: ['required'],
      refusal: bad('"scenario" is required: one of the vendor\'s scenarios; see GET /__jobkit.'),
    },
    unknownScenario(state),
    {
      at: '/route',
      refusal: bad('"route" must be one of the vendor\'s create routes ("POST /path"); see GET /__jobkit.'),
    },
    { at: '/times', refusal: bad(`"times" must be a whole number from 1 to ${MAX_RULE_TIMES}.`) },
    // Whatever else fails the schema is still refused, never let through.
    { refusal: bad('Not a scenario rule: {"vendor", "scenario", "route"?, "times"?}.') },
  ];
}
