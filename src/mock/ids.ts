import { isObject } from '../util/json.js';
import { getAt, joinPointer } from '../util/pointer.js';
import type { Vendor } from '../vendors/registry.js';

/**
 * What any job id must be, whatever the vendor: it travels in paths, headers and log lines, so
 * it is short, Unicode text (no lone surrogate: it could not be percent-encoded), without
 * controls, and not a path segment a client would resolve away ("." and "..").
 */
export const MAX_ID_LENGTH = 256;

/** Characters no id (or path parameter) may hold; with the `u` flag a lone surrogate is one character. */
const FORBIDDEN = '\\u0000-\\u001f\\u007f-\\u009f\\ud800-\\udfff';
const FORBIDDEN_RE = new RegExp(`[${FORBIDDEN}]`, 'u');
const LONE_SURROGATE_RE = /[\ud800-\udfff]/u;
const LONE_SURROGATES_RE = /[\ud800-\udfff]/gu;

/** The generic id rule as a JSON Schema (the admin API checks bodies with schemas). */
export const ID_SCHEMA = {
  type: 'string',
  minLength: 1,
  maxLength: MAX_ID_LENGTH,
  pattern: `^[^${FORBIDDEN}]*$`,
  not: { enum: ['.', '..'] },
} as const;

/** A path parameter or params value: Unicode text of bounded length (it may become a header). */
export const PARAM_SCHEMA = { type: 'string', maxLength: 1024, pattern: `^[^\\ud800-\\udfff]*$` } as const;

/** Why this cannot be a job id, in words for a message; undefined when it can. */
export function idProblem(id: string): string | undefined {
  if (id.length === 0) return 'is empty';
  if (id.length > MAX_ID_LENGTH) return `is longer than ${MAX_ID_LENGTH} characters`;
  if (LONE_SURROGATE_RE.test(id)) return 'holds a lone surrogate (it is not Unicode text)';
  if (FORBIDDEN_RE.test(id)) return 'holds a control character';
  if (id === '.' || id === '..') return 'is a path segment ("." or "..")';
  return undefined;
}

/** Text with each lone surrogate replaced by U+FFFD, so it can be percent-encoded. */
export function wellFormed(text: string): string {
  return LONE_SURROGATE_RE.test(text) ? text.replace(LONE_SURROGATES_RE, '\uFFFD') : text;
}

/** An id as a message quotes it: JSON-quoted, cut short (a message never carries 100 KB of input). */
export function quoted(id: string, max = 80): string {
  const cut = id.length > max ? `${id.slice(0, max)}…` : id;
  return JSON.stringify(wellFormed(cut));
}

/**
 * Where the vendor's status schema describes the job id (the body field whose value is `from:
 * id`), as a pointer into its schema bundle; undefined when the status schema does not say.
 */
export function idSchemaPointer(vendor: Vendor): string | undefined {
  const body = vendor.lifecycle.body ?? {};
  const field = Object.entries(body).find(([, spec]) => isObject(spec) && spec.from === 'id')?.[0];
  if (field === undefined) return undefined;
  const pointer = joinPointer('/$defs', vendor.root, 'properties', field);
  return getAt(vendor.schemas.bundle.document, pointer) === undefined ? undefined : pointer;
}
