import { isObject, type JsonObject } from '../util/json.js';
import { joinPointer } from '../util/pointer.js';
import { ARRAY_OF_SUBSCHEMAS, MAP_OF_SUBSCHEMAS, SINGLE_SUBSCHEMA } from './keywords.js';

/**
 * The schema dialects a vendor document may be written in. Vendors publish OpenAPI 3.0
 * keywords inside 2020-12 documents, Swagger 2.0 definitions and draft-04 leftovers; the
 * loader gives each its meaning in JSON Schema 2020-12 instead of asking for hand edits.
 */
export type Dialect = 'openapi-3.0' | 'openapi-3.1' | 'swagger-2.0' | 'json-schema';

export function detectDialect(doc: JsonObject): Dialect {
  if (typeof doc.swagger === 'string') return 'swagger-2.0';
  if (typeof doc.openapi === 'string') return doc.openapi.startsWith('3.0') ? 'openapi-3.0' : 'openapi-3.1';
  return 'json-schema';
}

export interface NormalizeContext {
  dialect: Dialect;
  /** Rewrites a `$ref` found at `pointer` (in the document's own coordinates). */
  rewriteRef: (ref: string, pointer: string) => string;
  /** Called for every `format` seen, so the compiler can tell known from unknown ones. */
  onFormat?: (format: string, pointer: string) => void;
}

/**
 * Rewrites one schema (in place) into JSON Schema 2020-12:
 * - `nullable: true` / `x-nullable: true` → `null` added to `type` (and `enum`), or an
 *   `anyOf` with `{type: "null"}` when the node has no `type` (e.g. drf-spectacular's
 *   `allOf: [{$ref}]` + `nullable`);
 * - draft-04 / OpenAPI 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` → numeric form;
 * - draft-04 tuple `items: [...]` → `prefixItems`;
 * - in OpenAPI 3.0 and Swagger 2.0, validation siblings of `$ref` are ignored by their
 *   rules, so they are dropped here (annotations are kept);
 * - `x-*` extensions, nested `$schema` and draft-04 `id` are removed;
 * - `$ref`s are handed to `rewriteRef` so they point into the bundle.
 */
export function normalizeSchema(node: unknown, pointer: string, ctx: NormalizeContext): unknown {
  if (typeof node === 'boolean' || !isObject(node)) return node;

  for (const key of Object.keys(node)) {
    if (key.startsWith('x-') && key !== 'x-nullable') delete node[key];
  }
  if (pointer !== '' && '$schema' in node) delete node.$schema;
  if (typeof node.id === 'string' && ctx.dialect !== 'json-schema') delete node.id;

  if (typeof node.$ref === 'string') {
    node.$ref = ctx.rewriteRef(node.$ref, pointer);
    if (ctx.dialect === 'openapi-3.0' || ctx.dialect === 'swagger-2.0') {
      for (const key of Object.keys(node)) {
        if (key !== '$ref' && !ANNOTATION_KEYS.has(key) && key !== 'nullable' && key !== 'x-nullable') {
          delete node[key];
        }
      }
    }
  }

  if (typeof node.format === 'string') ctx.onFormat?.(node.format, joinPointer(pointer, 'format'));

  for (const bound of ['Minimum', 'Maximum'] as const) {
    const exclusive = `exclusive${bound}`;
    const inclusive = bound.toLowerCase();
    if (typeof node[exclusive] === 'boolean') {
      if (node[exclusive] === true && typeof node[inclusive] === 'number') {
        node[exclusive] = node[inclusive];
        delete node[inclusive];
      } else {
        delete node[exclusive];
      }
    }
  }

  if (Array.isArray(node.items)) {
    node.prefixItems = node.items;
    if ('additionalItems' in node) {
      node.items = node.additionalItems;
      delete node.additionalItems;
    } else {
      delete node.items;
    }
  }

  for (const key of SINGLE_SUBSCHEMA) {
    if (key in node && !Array.isArray(node[key])) {
      node[key] = normalizeSchema(node[key], joinPointer(pointer, key), ctx);
    }
  }
  for (const key of ARRAY_OF_SUBSCHEMAS) {
    const list = node[key];
    if (Array.isArray(list)) {
      node[key] = list.map((item, i) => normalizeSchema(item, joinPointer(pointer, key, i), ctx));
    }
  }
  for (const key of MAP_OF_SUBSCHEMAS) {
    const map = node[key];
    if (isObject(map)) {
      for (const name of Object.keys(map)) {
        // draft-04 `dependencies` may hold a property list instead of a schema
        if (key === 'dependencies' && Array.isArray(map[name])) continue;
        map[name] = normalizeSchema(map[name], joinPointer(pointer, key, name), ctx);
      }
    }
  }

  return applyNullable(node);
}

const ANNOTATION_KEYS = new Set([
  'description',
  'title',
  'summary',
  'example',
  'examples',
  'default',
  'readOnly',
  'writeOnly',
  'deprecated',
  'externalDocs',
  'xml',
  '$comment',
]);

const TYPE_KEYWORDS_NEEDING_WRAP = ['$ref', 'allOf', 'anyOf', 'oneOf', 'const', 'not'];

function applyNullable(node: JsonObject): JsonObject {
  const flag = node.nullable ?? node['x-nullable'];
  delete node.nullable;
  delete node['x-nullable'];
  if (flag !== true) return node;

  if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
  if (typeof node.type === 'string') {
    node.type = node.type === 'null' ? 'null' : [node.type, 'null'];
    return node;
  }
  if (Array.isArray(node.type)) {
    if (!node.type.includes('null')) node.type = [...node.type, 'null'];
    return node;
  }
  if (Array.isArray(node.enum) && !TYPE_KEYWORDS_NEEDING_WRAP.some((k) => k in node)) return node;
  if (!TYPE_KEYWORDS_NEEDING_WRAP.some((k) => k in node)) return node; // no constraint: null already allowed

  // Keep annotations on the outside so documentation survives; constraints move into a branch.
  const outer: JsonObject = {};
  const inner: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATION_KEYS.has(key)) outer[key] = value;
    else inner[key] = value;
  }
  outer.anyOf = [inner, { type: 'null' }];
  return outer;
}
