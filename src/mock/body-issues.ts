import type { ValidationIssue } from '../schema/issues.js';
import { own } from '../util/json.js';
import { locateJsonError } from '../util/json-locate.js';
import { parsePointer } from '../util/pointer.js';
import type { BodyRefusal } from './body.js';
import { ownKind } from './errors.js';
import { vendorErrorResponse } from './respond.js';
import type { CompiledRoute } from './routes.js';
import { fill } from './template.js';
import { ERROR_KINDS, type ErrorKindName } from './types.js';

/** A request body's schema issues as the vendor words them: its invalid_body kind's `issues`. */
export function bodyRefusal(route: CompiledRoute, issues: readonly ValidationIssue[]): Response {
  const worded = ownKind(route.api.errors, 'invalid_body')?.issues ?? {};
  // The vendor's framework answers before its handler, and decodes before it validates: a keyword
  // answered as invalid_json wins, then one answered as invalid_body.
  const answeredAs = (kind: string | undefined) =>
    issues.find((i) => {
      const w = own(worded, i.keyword);
      return w !== undefined && w.kind === kind;
    });
  const chosen =
    answeredAs('invalid_json') ??
    answeredAs(undefined) ??
    issues.find((i) => own(worded, i.keyword) !== undefined);
  let words = chosen === undefined ? undefined : own(worded, chosen.keyword);
  // A decoder takes a null field for an absent one: no decode error, the field is then missing.
  const required = own(worded, 'required');
  if (words?.kind === 'invalid_json' && chosen?.received === null && chosen.pointer !== '' && required)
    words = required;
  if (chosen === undefined || words === undefined) {
    const detail = issues
      .slice(0, 3)
      .map((i) => `${i.pointer || '(body)'} ${i.message}`)
      .join('; ');
    return vendorErrorResponse(route, 'invalid_body', `Invalid request body: ${detail}`);
  }
  const kind = isKind(words.kind) ? words.kind : 'invalid_body';
  const template = chosen.pointer === '' ? (words.rootMessage ?? words.message) : words.message;
  const message =
    template === undefined
      ? undefined
      : String(fill(template, (n) => issueValue(chosen, n, words.goTypes ?? {})));
  const vars: Record<string, unknown> = {};
  if (words.code !== undefined) vars.code = words.code;
  // A body the vendor cannot decode into its type: the issue's words are the decoder's reason.
  if (kind === 'invalid_json' && message !== undefined)
    Object.assign(vars, { reason: message, goReason: message });
  return vendorErrorResponse(route, kind, message, undefined, vars);
}

/** A request with no body where the vendor words that apart (go-swagger's "body in body is required"). */
export function emptyBodyRefusal(route: CompiledRoute): Response | undefined {
  const words = own(ownKind(route.api.errors, 'invalid_body')?.issues ?? {}, 'empty');
  if (words === undefined) return undefined;
  const kind = isKind(words.kind) ? words.kind : 'invalid_body';
  const vars = words.code === undefined ? undefined : { code: words.code };
  return vendorErrorResponse(route, kind, words.message ?? 'The request body is required.', undefined, vars);
}

/**
 * A body that is not JSON, as the vendor's invalid_json kind words it: its message may name
 * {{reason}}, {{line}} and {{column}} (jobkit's words) or {{goReason}} (Go's encoding/json words,
 * which go-swagger echoes: `parsing body body from "" failed, because unexpected EOF`).
 */
export function notJsonRefusal(
  route: CompiledRoute,
  text: string,
  r: Extract<BodyRefusal, { why: 'not-json' }>,
): Response {
  return vendorErrorResponse(
    route,
    'invalid_json',
    `JSON parse error at line ${r.line} column ${r.column}: ${r.reason}`,
    undefined,
    { reason: r.reason, line: r.line, column: r.column, goReason: locateJsonError(text).goReason },
  );
}

function isKind(name: string | undefined): name is ErrorKindName {
  return name !== undefined && (ERROR_KINDS as readonly string[]).includes(name);
}

/** Go's fmt of a value: a list as [a b], a string bare. */
function goText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goText).join(' ')}]`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? 'number' : typeof value;
}

/** The Go type encoding/json decodes a JSON type into, when the vendor names none. */
const GO_TYPES: Readonly<Record<string, string>> = {
  string: 'string',
  boolean: 'bool',
  integer: 'int64',
  number: 'float64',
  array: '[]interface {}',
  object: 'map[string]interface {}',
};

function isIndex(segment: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(segment);
}

/** A field as Go's decoder names it: the object keys on the way, array indices dropped. */
function goField(pointer: string): string {
  return parsePointer(pointer)
    .filter((segment) => !isIndex(segment))
    .join('.');
}

function issueValue(
  issue: ValidationIssue,
  name: string,
  goTypes: Readonly<Record<string, string>>,
): string | undefined {
  if (name === 'field') return parsePointer(issue.pointer).join('.');
  if (name === 'goField') return goField(issue.pointer);
  if (name === 'goValue')
    return issue.received === true || issue.received === false ? 'bool' : jsonType(issue.received);
  if (name === 'goType') {
    const expected = Array.isArray(issue.expected) ? issue.expected[0] : issue.expected;
    // An array's element decodes into the element type, which the JSON type names.
    const named = isIndex(issue.pointer.split('/').pop() ?? '')
      ? undefined
      : own(goTypes, goField(issue.pointer));
    return named ?? own(GO_TYPES, String(expected)) ?? String(expected);
  }
  if (name === 'expected') return issue.expected === undefined ? '' : goText(issue.expected);
  if (name === 'received') return issue.received === undefined ? '' : goText(issue.received);
  if (name === 'receivedType') return jsonType(issue.received);
  if (name === 'keyword') return issue.keyword;
  return undefined;
}
