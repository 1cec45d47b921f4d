/**
 * The vendor file's shape, as TypeScript. mocks/lifecycle.schema.json is the source of truth: the
 * types are generated from it (`npm run gen`, into vendor-file.generated.ts) and only named, or
 * narrowed where a schema cannot say enough, here. A vendor file says what the API *is* (states,
 * transitions, what each body field means, routes, errors) apart from how the mock *plays* it
 * (durations, scenarios, fixtures).
 */
import type { Condition, StateDefinition } from './vendor-file.generated.js';

export type * from './api.js';
export type {
  Condition,
  Control,
  Controls,
  FieldSpec,
  FollowUp,
  MockSpec,
  PieceGroupsHook,
  PlanHooks,
  Range,
  RuleSetting,
  Scenario,
  StateDefinition,
  StatusSpec,
  Step,
  VendorFile,
  WorkSpec,
} from './vendor-file.generated.js';

/** How a job ended, in a terminal state. */
export type Terminal = NonNullable<StateDefinition['terminal']>;

/** A piece's state, as a `pieces` condition names it. */
export type PieceStateName = Extract<Condition, { pieces: unknown }>['pieces'][number];

/** Names every vendor may use in a condition; any other name refers to the file's `conditions`. */
export const BUILTIN_CONDITIONS = [
  'always',
  'started',
  'active',
  'terminal',
  'success',
  'failure',
  'cancelled',
] as const;
export type BuiltinCondition = (typeof BUILTIN_CONDITIONS)[number];
