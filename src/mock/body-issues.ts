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
  // The vendor's framework answers before its handler: a keyword answered as invalid_body wins.
  const chosen =
    issues.find((i) => {
      const w = own(worded, i.keyword);
      return w !== undefined && w.kind === undefined;
    }) ?? issues.find((i) => own(worded, i.keyword) !== undefined);
  const words = chosen === undefined ? undefined : own(worded, chosen.keyword);
  if (chosen === undefined || words === undefined) {
    const detail = issues
      .slice(0, 3)
      .map((i) => `${i.pointer || '(body)'} ${i.message}`)
      .join('; ');
    return vendorErrorResponse(route, 'invalid_body', `Invalid request body: ${detail}`);
  }
  const kind = isKind(words.kind) ? words.kind : 'invalid_body';
  const message =
    words.message === undefined ? undefined : String(fill(words.message, (n) => issueValue(chosen, n)));
  return vendorErrorResponse(
    route,
    kind,
    message,
    undefined,
    words.code === undefined ? undefined : { code: words.code },
  );
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

function issueValue(issue: ValidationIssue, name: string): string | undefined {
  if (name === 'field') return parsePointer(issue.pointer).join('.');
  if (name === 'expected') return issue.expected === undefined ? '' : goText(issue.expected);
  if (name === 'received') return issue.received === undefined ? '' : goText(issue.received);
  if (name === 'receivedType') return jsonType(issue.received);
  if (name === 'keyword') return issue.keyword;
  return undefined;
}
