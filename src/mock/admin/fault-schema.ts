import type { KeywordDefinition } from 'ajv';
import { DEFAULT_STALL_MS, MAX_LATENCY_MS, TRANSPORT_FAULTS } from '../faults.js';
import type { MockState } from '../state.js';
import { ERROR_KINDS } from '../types.js';

/** Every field a fault takes, in the order the refusals list them. */
export const FAULT_FIELDS = [
  'vendor',
  'route',
  'jobId',
  'scenario',
  'latencyMs',
  'errorRate',
  'error',
  'status',
  'retryAfter',
  'retryAfterS',
  'fault',
  'stallMs',
  'times',
];

/** An HTTP date as RFC 9110 says a sender writes it (IMF-fixdate). */
const HTTP_DATE =
  '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3][0-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-2][0-9]:[0-5][0-9]:[0-6][0-9] GMT$';

const MS = { type: 'number', minimum: 0, maximum: MAX_LATENCY_MS };
/** Delta-seconds is a non-negative integer (RFC 9110 §10.2.3); a day is plenty for a mock. */
const SECONDS = { type: 'integer', minimum: 0, maximum: 86_400 };

/** `[min, max]` with min ≤ max: JSON Schema cannot compare two items, so the admin Ajv has this keyword. */
export const ASCENDING: KeywordDefinition = {
  keyword: 'jobkitAscending',
  type: 'array',
  schemaType: 'boolean',
  error: { message: 'must be [min, max] with min ≤ max' },
  validate: (on: boolean, data: unknown[]) =>
    !on || typeof data[0] !== 'number' || typeof data[1] !== 'number' || data[0] <= data[1],
};

/** The fault schema of the served vendors: their names, routes and scenarios are enums. */
export function faultSchema(state: MockState) {
  const routes = state.routes.flatMap((r) => [r.path, `${r.method} ${r.path}`]);
  const scenarios = new Set([...state.vendors.values()].flatMap((mv) => mv.scenarioList));
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      vendor: { type: 'string', enum: [...state.vendors.keys()] },
      route: { type: 'string', enum: [...new Set(routes)] },
      jobId: { type: 'string', minLength: 1, maxLength: 256 },
      scenario: { type: 'string', enum: [...scenarios] },
      // One field, three shapes: each keyword below applies to its own type only.
      latencyMs: {
        type: ['number', 'array', 'object'],
        minimum: 0,
        maximum: MAX_LATENCY_MS,
        items: MS,
        minItems: 2,
        maxItems: 2,
        jobkitAscending: true,
        required: ['median', 'sigma'],
        additionalProperties: false,
        properties: { median: MS, sigma: { type: 'number', minimum: 0, maximum: 4 } },
      },
      errorRate: { type: 'number', minimum: 0, maximum: 1 },
      error: { enum: [...ERROR_KINDS] },
      // RFC 9110 §15.5.19 marks 418 unused: no server means it.
      status: { type: 'integer', minimum: 400, maximum: 599, not: { const: 418 } },
      retryAfter: { type: ['integer', 'string'], minimum: 0, maximum: 86_400, pattern: HTTP_DATE },
      retryAfterS: SECONDS,
      fault: { enum: [...TRANSPORT_FAULTS] },
      stallMs: { type: 'integer', minimum: 1, maximum: 600_000 },
      times: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    },
    anyOf: ['latencyMs', 'errorRate', 'error', 'status', 'fault'].map((k) => ({ required: [k] })),
    dependentSchemas: {
      // A transport fault answers nothing, so it has no error to describe.
      fault: { properties: { error: false, status: false, retryAfter: false, retryAfterS: false } },
      retryAfter: { properties: { retryAfterS: false } },
      stallMs: { required: ['fault'], properties: { fault: { const: 'stall' } } },
    },
    // Each vendor's own scenarios, when the fault names a vendor.
    allOf: [...state.vendors.values()].map((mv) => ({
      if: { properties: { vendor: { const: mv.name } }, required: ['vendor'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise.
      then: { properties: { scenario: { enum: [...mv.scenarioList] } } },
    })),
  };
}

/** The refusal wording, by where the first problem is (the issues are attached to each). */
export function faultRules(state: MockState) {
  const invalid = (message: string) => () => ({ status: 400, code: 'invalid_fault', message });
  const served = [...state.vendors.keys()].join(', ');
  return [
    {
      keywords: ['additionalProperties'],
      refusal: (f: Record<string, unknown>) => {
        const extra = Object.keys(f).filter((k) => !FAULT_FIELDS.includes(k));
        return invalid(
          `Unknown fault field(s) ${extra.join(', ')}; a fault has ${FAULT_FIELDS.join(', ')}.`,
        )();
      },
    },
    {
      keywords: ['false schema'],
      refusal: (f: Record<string, unknown>) =>
        invalid(
          f.fault !== undefined
            ? `"fault": "${String(f.fault)}" answers no error: leave out error, status, retryAfter and retryAfterS.`
            : 'Give Retry-After once: "retryAfter" (seconds or an HTTP date) or "retryAfterS".',
        )(),
    },
    { at: '/vendor', refusal: invalid(`"vendor" must be one of ${served}.`) },
    {
      at: '/route',
      refusal: invalid(
        `"route" must be a declared route path (e.g. ${state.routes[0]?.path ?? '/x'}) or "METHOD path"; see GET /__jobkit.`,
      ),
    },
    { at: '/jobId', refusal: invalid('"jobId" must be a job id (1 to 256 characters).') },
    {
      at: '/scenario',
      refusal: invalid('"scenario" must be one of the vendor\'s scenarios; see GET /__jobkit.'),
    },
    {
      at: '/latencyMs',
      refusal: invalid(
        `"latencyMs" must be milliseconds (0–${MAX_LATENCY_MS}), a [min, max] pair with min ≤ max, or {"median", "sigma"} (lognormal).`,
      ),
    },
    { at: '/errorRate', refusal: invalid('"errorRate" must be a number from 0 to 1.') },
    { at: '/error', refusal: invalid(`"error" must be one of ${ERROR_KINDS.join(', ')}.`) },
    {
      at: '/status',
      refusal: invalid(
        '"status" must be an HTTP error status, a whole number from 400 to 599 (not 418, unused in RFC 9110).',
      ),
    },
    {
      at: '/retryAfter',
      refusal: invalid(
        '"retryAfter" must be whole seconds (0–86400) or an HTTP date (e.g. "Wed, 21 Oct 2026 07:28:00 GMT").',
      ),
    },
    { at: '/retryAfterS', refusal: invalid('"retryAfterS" must be whole seconds from 0 to 86400.') },
    {
      at: '/fault',
      refusal: invalid(
        `"fault" must be one of ${TRANSPORT_FAULTS.join(', ')} ("stallMs" goes with "fault": "stall").`,
      ),
    },
    {
      at: '/stallMs',
      refusal: invalid(
        `"stallMs" must be whole milliseconds from 1 to 600000 (default ${DEFAULT_STALL_MS}).`,
      ),
    },
    { at: '/times', refusal: invalid('"times" must be a whole number of requests from 1 to 1000000.') },
    {
      at: '',
      refusal: invalid('A fault needs "latencyMs" or "errorRate" (or "error", "status", "fault").'),
    },
  ];
}
