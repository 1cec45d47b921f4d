/**
 * The vendor file's shape, as TypeScript (mocks/lifecycle.schema.json is its JSON Schema, and the
 * source of truth: a test keeps the two in step). A vendor file says what the API *is* (states,
 * transitions, what each body field means, routes, errors) apart from how the mock *plays* it
 * (durations, scenarios, fixtures).
 */
// The api section's types move here once the mock's room settles; read from there meanwhile.
import type { ApiSpec } from '../mock/types.js';

export type Terminal = 'success' | 'failure' | 'cancelled';

/** A [min, max] range (uniform, seeded) or a fixed number. */
export type Range = number | [number, number];

export type PieceStateName = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

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

/**
 * When a field is set. A name (a built-in, or one of the file's named `conditions`), or:
 * `{ "states": [...] }`, `{ "endedBy": [...] }`, `{ "pieces": [...] }`, `{ "not": c }`,
 * `{ "all": [c, …] }`, `{ "any": [c, …] }`.
 */
export type Condition =
  | string
  | { states: string[] }
  | { endedBy: string[] }
  | { pieces: PieceStateName[] }
  | { not: Condition }
  | { all: Condition[] }
  | { any: Condition[] };

/**
 * How one body field is computed from the job's state at a moment. The `from` source says
 * what the field *means* (created time, finished time, a counter, progress, …): the mock
 * renders it and the contract runner derives its checks from the same declaration.
 */
export interface FieldSpec {
  from: string;
  /** Time format: iso (ms), iso-seconds, iso-micro (Python/Django), unix-s, unix-ms. */
  format?: string;
  when?: Condition;
  /** Value sent when the condition is false or the source has no value; omit for "absent". */
  unset?: unknown;
  /** Go `omitempty`: absent when the value is 0, "" or an empty list. */
  omitZero?: boolean;
  /** For `const` and `template` sources; a template may be an object of templates keyed by `key`. */
  value?: unknown;
  /** For `template`: the job parameter whose value picks one of `value`'s templates. */
  key?: string;
  /** Used when the source has no value (e.g. a request field the client left out). */
  default?: unknown;
  /** Computed instead when the source has no value (e.g. a backfill run's interval, else the creation hour). */
  fallback?: FieldSpec;
  /** Maps a source value to what the vendor sends (e.g. piece state → shard status). */
  map?: Record<string, unknown>;
  /** For times: added milliseconds, and rounding down to a multiple (e.g. an hour). */
  addMs?: number;
  floorMs?: number;
  /** For `object`, and per item of `pieces.tree`. */
  fields?: Record<string, FieldSpec>;
  /** For lists (`errors`): at most this many items. */
  max?: number;
  /** For `progress`: the scale of the number sent (default 100: a percent; 1: a fraction). */
  scale?: number;
  /** For `progress`: whole numbers only. */
  integer?: boolean;
}

export interface Step {
  state: string;
  /** How long the job stays in this step (ms); absent on the last step. */
  ms?: Range;
  /** Overall progress (0–1) at the start and end of this step, linear in between. */
  progress?: [number, number];
}

export interface Scenario {
  description: string;
  steps: Step[];
  /** Error message on a failed or cancelled end. */
  error?: string;
  /** What ended the job, for `endedBy` conditions (default "lifecycle"). */
  endedBy?: string;
  /** Share of records that fail or are skipped, and pieces that fail or are skipped. */
  failRate?: number;
  skipRate?: number;
  failedPieces?: number;
  skippedPieces?: number;
}

export interface WorkSpec {
  /** Records the job handles. */
  total: Range;
  /** Pieces (Pinpoint pieces, Weaviate shards). */
  pieces?: Range;
  /** Average bytes per record, for byte counters. */
  bytesPerRecord?: Range;
}

/** One-vendor behaviours of the mock's job planning, each a named hook (see lifecycle/hooks.ts). */
export interface PlanHooks {
  /** Pieces belong to groups (Weaviate classes): drawn from `names`, or the job's `param` when set. */
  'piece-groups'?: { names: string[]; param?: string };
}

export interface Control {
  /** State a job moves to, and what ended it (for `endedBy`). */
  state: string;
  endedBy?: string;
  error?: string;
  /** The job must be in one of these states; otherwise the action is refused. */
  from?: string[];
}

export interface MockSpec {
  /** Id template, e.g. "{{uuid}}", "{{hex:32}}", "imp-{{hex:12}}". */
  id: string;
  /** Default parameters of a job (route params such as project_id), templates allowed. */
  params?: Record<string, string>;
  work: WorkSpec;
  hooks?: PlanHooks;
  scenarios: Record<string, Scenario>;
  /** What admin complete/fail/cancel (and vendor cancel routes) do. */
  controls: { complete: Control; fail: Control; cancel?: Control };
}

export interface StateDefinition {
  initial?: boolean;
  terminal?: Terminal;
  description?: string;
}

export interface RuleSetting {
  off?: boolean;
  early?: boolean;
}

/** The vendor file (mocks/<vendor>/lifecycle.json). */
export interface VendorFile {
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
  /** Named conditions, used by name wherever a condition goes. */
  conditions?: Record<string, Condition>;
  /** What each field of the status body means, and when it is set. */
  body?: Record<string, FieldSpec>;
  /** Per-rule settings for the contract runner (switch off, or documented relaxations). */
  rules?: Record<string, RuleSetting>;
  api?: ApiSpec;
  mock?: MockSpec;
}
