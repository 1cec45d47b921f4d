import { isObject, type JsonObject } from '../util/json.js';
import { joinPointer } from '../util/pointer.js';
import type { ApiDocument, Located } from './document.js';

/**
 * What inference needs to know of one schema, whichever dialect wrote it: its type without null,
 * whether null is allowed (OpenAPI 3.0 `nullable`, 3.1 `type: [x, "null"]`, `anyOf` with null),
 * its properties (through `allOf`), enum, format and bounds.
 */
export interface SchemaView {
  pointer: string;
  name?: string;
  type?: string;
  nullable: boolean;
  enum?: unknown[];
  format?: string;
  maximum?: number;
  description: string;
  example?: unknown;
  properties: Map<string, SchemaView>;
  required: Set<string>;
  items?: SchemaView;
}

const MAX_DEPTH = 8;

export function viewSchema(
  doc: ApiDocument,
  node: unknown,
  pointer: string,
  depth = 0,
): SchemaView | undefined {
  const at = doc.resolve(node, pointer);
  if (!at) return undefined;
  const view: SchemaView = {
    pointer: at.pointer,
    ...(at.name === undefined ? {} : { name: at.name }),
    nullable: false,
    description: '',
    properties: new Map(),
    required: new Set(),
  };
  if (depth > MAX_DEPTH) return view;
  absorb(doc, view, at, depth);
  return view;
}

function absorb(doc: ApiDocument, view: SchemaView, at: Located, depth: number): void {
  const s = at.node;
  readScalars(view, s);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = s[key];
    if (!Array.isArray(list)) continue;
    // allOf merges; an anyOf/oneOf of one schema and null (3.1's nullable $ref) is that schema, nullable.
    const members = list.map((m, i) => ({ m, p: joinPointer(at.pointer, key, i) }));
    const nonNull = members.filter(({ m }) => !(isObject(m) && m.type === 'null'));
    if (key !== 'allOf' && nonNull.length < members.length) view.nullable = true;
    if (key !== 'allOf' && nonNull.length !== 1) continue;
    for (const { m, p } of nonNull) {
      const inner = doc.resolve(m, p);
      if (inner) absorb(doc, view, inner, depth + 1);
    }
  }
  if (isObject(s.properties)) {
    for (const [name, prop] of Object.entries(s.properties)) {
      const child = viewSchema(doc, prop, joinPointer(at.pointer, 'properties', name), depth + 1);
      if (child) view.properties.set(name, child);
    }
  }
  if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === 'string') view.required.add(r);
  if (s.items !== undefined && !Array.isArray(s.items)) {
    const items = viewSchema(doc, s.items, joinPointer(at.pointer, 'items'), depth + 1);
    if (items) view.items = items;
  }
}

function readScalars(view: SchemaView, s: JsonObject): void {
  if (typeof s.type === 'string') {
    if (s.type === 'null') view.nullable = true;
    else view.type = s.type;
  } else if (Array.isArray(s.type)) {
    const types = s.type.filter((t): t is string => typeof t === 'string');
    if (types.includes('null')) view.nullable = true;
    const rest = types.filter((t) => t !== 'null');
    if (rest.length === 1) view.type = rest[0];
  }
  if (s.nullable === true || s['x-nullable'] === true) view.nullable = true;
  if (Array.isArray(s.enum)) {
    if (s.enum.includes(null)) view.nullable = true;
    view.enum = s.enum.filter((v) => v !== null);
    if (view.type === undefined && view.enum.every((v) => typeof v === 'string')) view.type = 'string';
  }
  if (s.const !== undefined && view.enum === undefined) view.enum = [s.const];
  if (typeof s.format === 'string') view.format = s.format;
  if (typeof s.maximum === 'number') view.maximum = s.maximum;
  if (typeof s.description === 'string' && view.description === '') view.description = s.description;
  if (s.example !== undefined) view.example = s.example;
  else if (Array.isArray(s.examples) && s.examples.length > 0) view.example = s.examples[0];
  if (view.type === undefined && isObject(s.properties)) view.type = 'object';
}

/** The words of a name: `createdDateTimeUtc` → created, date, time, utc; `in_progress_at` → in, progress, at. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** A name with case and separators removed: `In_Progress` and `inProgress` both read `inprogress`. */
export function squash(name: string): string {
  return wordsOf(name).join('');
}
