import type { ErrorObject } from 'ajv';
import { preview } from '../util/json.js';
import { getAt, hasAt, joinPointer } from '../util/pointer.js';

/** One way a body fails its schema. Data, never thrown. */
export interface ValidationIssue {
  /** JSON pointer into the body ("" is the body itself). */
  pointer: string;
  /** The JSON Schema keyword that failed (type, enum, required, format, …). */
  keyword: string;
  /** Worded for people: `must be one of CREATED, …; got "RUNNING"`. */
  message: string;
  /** What the schema asked for, as data (an enum list, a type, a bound, …). */
  expected?: unknown;
  /** What the body held there; absent when nothing was there. */
  received?: unknown;
  /** The lifecycle rule behind an issue of strict validation (its keyword too); absent for schema keywords. */
  rule?: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

const FORMAT_WORDS: Record<string, string> = {
  'date-time': 'an RFC 3339 date-time with a time zone (e.g. 2024-01-31T12:00:00Z)',
  date: 'an RFC 3339 full-date (e.g. 2024-01-31)',
  time: 'an RFC 3339 time with a time zone',
  uuid: 'a UUID',
  uri: 'an absolute URI',
  'uri-reference': 'a URI reference',
  email: 'an email address',
  hostname: 'a host name',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  int32: 'a 32-bit integer',
  int64: 'a 64-bit integer',
  uint32: 'an unsigned 32-bit integer',
  uint64: 'an unsigned 64-bit integer',
  float: 'a finite number',
  double: 'a finite number',
  byte: 'base64 text',
};

const MAX_LISTED = 12;

function list(values: unknown[]): string {
  const shown = values.slice(0, MAX_LISTED).map((v) => (typeof v === 'string' ? v : preview(v)));
  const more = values.length - shown.length;
  return more > 0 ? `${shown.join(', ')}, … (${more} more)` : shown.join(', ');
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function got(value: unknown): string {
  if (value === null) return 'got null';
  if (typeof value === 'object') return `got ${kindOf(value)} ${preview(value, 40)}`;
  if (typeof value === 'string') return `got ${preview(value)}`;
  return `got ${kindOf(value)} ${preview(value)}`;
}

/** Turns Ajv's errors for `body` into issues people can act on. */
export function toIssues(
  errors: readonly ErrorObject[] | null | undefined,
  body: unknown,
): ValidationIssue[] {
  if (!errors || errors.length === 0) return [];
  const { kept: collapsed, branches } = collapseAlternatives(errors);
  // From what is kept: a collapsed branch's type error must not hide its own anyOf line.
  const typeFailed = new Set(collapsed.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  // A wrong type makes format and range checks at the same place noise: say the type once.
  const kept = collapsed.filter(
    (e) => e.keyword === 'type' || !typeFailed.has(e.instancePath) || e.keyword === 'required',
  );
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of kept) {
    const issue = describe(error, body, branches.get(error) ?? []);
    const key = `${issue.pointer}\u0000${issue.keyword}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/**
 * anyOf/oneOf failures come with one error per branch. When some branch got past the type
 * (errors deeper than the alternative's own pointer), those deeper errors say what to fix;
 * otherwise one line listing the alternatives says it better than N "must be X" lines.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): {
  kept: ErrorObject[];
  /** Each anyOf/oneOf error's branch errors, found once here for describe() to word a kept one. */
  branches: Map<ErrorObject, ErrorObject[]>;
} {
  const branches = new Map<ErrorObject, ErrorObject[]>();
  const dropped = new Set<ErrorObject>();
  for (const alt of errors) {
    if (alt.keyword !== 'anyOf' && alt.keyword !== 'oneOf') continue;
    const prefix = `${alt.schemaPath.slice(0, -alt.keyword.length - 1)}/${alt.keyword}/`;
    const children = errors.filter((e) => e !== alt && e.schemaPath.startsWith(prefix));
    branches.set(alt, children);
    let deeper = false;
    for (const c of children) {
      if (c.instancePath.length > alt.instancePath.length) deeper = true;
      else dropped.add(c);
    }
    if (deeper) dropped.add(alt);
  }
  return { kept: errors.filter((e) => !dropped.has(e)), branches };
}

/** What Ajv reports about one error, and the body it was about. */
interface ErrorContext {
  error: ErrorObject;
  params: Record<string, unknown>;
  pointer: string;
  here: unknown;
  base: { pointer: string; keyword: string };
  body: unknown;
  branches: readonly ErrorObject[];
}

type Describe = (c: ErrorContext) => ValidationIssue;

function describe(error: ErrorObject, body: unknown, branches: readonly ErrorObject[]): ValidationIssue {
  const pointer = error.instancePath;
  const context: ErrorContext = {
    error,
    params: error.params as Record<string, unknown>,
    pointer,
    here: getAt(body, pointer),
    base: { pointer, keyword: error.keyword },
    body,
    branches,
  };
  const own = Object.hasOwn(DESCRIBE, error.keyword) ? DESCRIBE[error.keyword] : undefined;
  return (own ?? describeDefault)(context);
}

function describeRequired({ params, pointer, base }: ErrorContext): ValidationIssue {
  const name = String(params.missingProperty);
  return {
    ...base,
    pointer: joinPointer(pointer, name),
    message: 'is required but missing',
    expected: 'present',
  };
}

function describeDependentRequired({ params, pointer, base }: ErrorContext): ValidationIssue {
  const name = String(params.missingProperty);
  return {
    ...base,
    pointer: joinPointer(pointer, name),
    message: `is required when ${String(params.property)} is present`,
    expected: 'present',
  };
}

function describeUnknownProperty({ params, pointer, base, body }: ErrorContext): ValidationIssue {
  const name = String(params.additionalProperty ?? params.unevaluatedProperty);
  const at = joinPointer(pointer, name);
  return {
    ...base,
    pointer: at,
    message: 'is not allowed here (unknown property)',
    received: getAt(body, at),
  };
}

function describeType({ params, here, base }: ErrorContext): ValidationIssue {
  const expected = params.type;
  const words = Array.isArray(expected) ? expected.join(' or ') : String(expected).replaceAll(',', ' or ');
  return { ...base, message: `must be ${words}; ${got(here)}`, expected, received: here };
}

function describeEnum({ params, here, base }: ErrorContext): ValidationIssue {
  const allowed = (params.allowedValues as unknown[]) ?? [];
  return {
    ...base,
    message: `must be one of ${list(allowed)}; ${got(here)}`,
    expected: allowed,
    received: here,
  };
}

function describeConst({ params, here, base }: ErrorContext): ValidationIssue {
  return {
    ...base,
    message: `must be ${preview(params.allowedValue)}; ${got(here)}`,
    expected: params.allowedValue,
    received: here,
  };
}

function describeFormat({ params, here, base }: ErrorContext): ValidationIssue {
  const format = String(params.format);
  const words = FORMAT_WORDS[format] ?? `format "${format}"`;
  return { ...base, message: `must be ${words}; ${got(here)}`, expected: { format }, received: here };
}

function describeLimit({ error, params, here, base }: ErrorContext): ValidationIssue {
  const op = { minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<' }[error.keyword];
  return {
    ...base,
    message: `must be ${op} ${String(params.limit)}; ${got(here)}`,
    expected: { [error.keyword]: params.limit },
    received: here,
  };
}

function describeSize({ error, params, here, base }: ErrorContext): ValidationIssue {
  const bound = error.keyword.startsWith('min') ? 'at least' : 'at most';
  const unit = error.keyword.endsWith('Length')
    ? 'characters'
    : error.keyword.endsWith('Items')
      ? 'items'
      : 'properties';
  return {
    ...base,
    message: `must have ${bound} ${String(params.limit)} ${unit}; ${got(here)}`,
    expected: { [error.keyword]: params.limit },
    received: here,
  };
}

function describePattern({ params, here, base }: ErrorContext): ValidationIssue {
  return {
    ...base,
    message: `must match /${String(params.pattern)}/; ${got(here)}`,
    expected: { pattern: params.pattern },
    received: here,
  };
}

function describeMultipleOf({ params, here, base }: ErrorContext): ValidationIssue {
  return {
    ...base,
    message: `must be a multiple of ${String(params.multipleOf)}; ${got(here)}`,
    expected: { multipleOf: params.multipleOf },
    received: here,
  };
}

function describeUniqueItems({ params, here, base }: ErrorContext): ValidationIssue {
  return {
    ...base,
    message: `must not repeat items (items ${String(params.j)} and ${String(params.i)} are equal)`,
    received: here,
  };
}

function describeAlternatives({
  error,
  params,
  pointer,
  here,
  base,
  branches,
}: ErrorContext): ValidationIssue {
  const expected = branches
    .filter((e) => e.instancePath === pointer)
    .map((e) => shortExpectation(e))
    .filter((s): s is string => s !== undefined);
  const unique = [...new Set(expected)];
  const matched =
    error.keyword === 'oneOf' && Array.isArray(params.passingSchemas)
      ? `; it matches ${params.passingSchemas.length} of them, exactly one is allowed`
      : '';
  const message =
    unique.length > 0 && matched === ''
      ? `must be ${unique.join(' or ')}; ${got(here)}`
      : `must match ${error.keyword === 'oneOf' ? 'exactly one' : 'at least one'} of the allowed schemas${matched}; ${got(here)}`;
  return { ...base, message, received: here };
}

function describeFalseSchema({ here, base }: ErrorContext): ValidationIssue {
  return { ...base, message: 'is not allowed here', received: here };
}

function describeDefault({ error, pointer, here, base, body }: ErrorContext): ValidationIssue {
  return {
    ...base,
    message: `${error.message ?? `fails ${error.keyword}`}${hasAt(body, pointer) ? `; ${got(here)}` : ''}`,
    received: here,
  };
}

/** One describer per keyword (several share one): a keyword is a registered entry, not a branch. */
const DESCRIBE: Record<string, Describe> = {
  required: describeRequired,
  dependentRequired: describeDependentRequired,
  additionalProperties: describeUnknownProperty,
  unevaluatedProperties: describeUnknownProperty,
  type: describeType,
  enum: describeEnum,
  const: describeConst,
  format: describeFormat,
  minimum: describeLimit,
  maximum: describeLimit,
  exclusiveMinimum: describeLimit,
  exclusiveMaximum: describeLimit,
  minLength: describeSize,
  maxLength: describeSize,
  minItems: describeSize,
  maxItems: describeSize,
  minProperties: describeSize,
  maxProperties: describeSize,
  pattern: describePattern,
  multipleOf: describeMultipleOf,
  uniqueItems: describeUniqueItems,
  anyOf: describeAlternatives,
  oneOf: describeAlternatives,
  'false schema': describeFalseSchema,
};

function shortExpectation(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'type') return String(params.type).replaceAll(',', ' or ');
  if (error.keyword === 'enum') return `one of ${list((params.allowedValues as unknown[]) ?? [])}`;
  if (error.keyword === 'const') return preview(params.allowedValue);
  return undefined;
}
