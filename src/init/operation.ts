import { isObject } from '../util/json.js';
import { joinPointer } from '../util/pointer.js';
import type { ApiDocument, Operation } from './document.js';
import { type SchemaView, viewSchema } from './schema-view.js';

/** One declared response of an operation, in either dialect. */
export interface DeclaredResponse {
  /** The status code, or 0 for `default`. */
  code: number;
  pointer: string;
  schema?: SchemaView;
  /** Declared header names, as written. */
  headers: string[];
  /** Whether the response declares a body at all. */
  hasBody: boolean;
  /** The media type its body is declared under (OpenAPI 3), or the operation's `produces` (Swagger 2.0). */
  mediaType?: string;
}

export interface QueryParam {
  name: string;
  schema?: SchemaView;
  default?: unknown;
  maximum?: number;
}

const JSON_TYPES = /^application\/(.+\+)?json$|^\*\/\*$/;

export function responsesOf(doc: ApiDocument, op: Operation): DeclaredResponse[] {
  const responses = isObject(op.op.responses) ? op.op.responses : {};
  const out: DeclaredResponse[] = [];
  for (const [key, raw] of Object.entries(responses)) {
    const code = key === 'default' ? 0 : Number(key.replace(/XX$/i, '00'));
    if (!Number.isInteger(code)) continue;
    const pointer = joinPointer(op.pointer, 'responses', key);
    const r = doc.resolve(raw, pointer);
    if (!r) continue;
    const headers = isObject(r.node.headers) ? Object.keys(r.node.headers) : [];
    const schemaNode = doc.version === 'swagger-2.0' ? r.node.schema : jsonContent(r.node.content)?.schema;
    const schemaPointer =
      doc.version === 'swagger-2.0'
        ? joinPointer(r.pointer, 'schema')
        : joinPointer(r.pointer, 'content', jsonContent(r.node.content)?.type ?? '', 'schema');
    const schema = schemaNode === undefined ? undefined : viewSchema(doc, schemaNode, schemaPointer);
    const mediaType = doc.version === 'swagger-2.0' ? produced(doc, op) : jsonContent(r.node.content)?.type;
    out.push({
      code,
      pointer,
      headers,
      hasBody: schemaNode !== undefined,
      ...(schema ? { schema } : {}),
      ...(mediaType ? { mediaType } : {}),
    });
  }
  return out.sort((a, b) => (a.code || 999) - (b.code || 999));
}

/** Swagger 2.0: the JSON-like type an operation produces (its own list, else the document's). */
function produced(doc: ApiDocument, op: Operation): string | undefined {
  const list = Array.isArray(op.op.produces) ? op.op.produces : doc.raw.produces;
  if (!Array.isArray(list)) return undefined;
  return list.find((t): t is string => typeof t === 'string' && JSON_TYPES.test(t));
}

function jsonContent(content: unknown): { type: string; schema: unknown } | undefined {
  if (!isObject(content)) return undefined;
  const entries = Object.entries(content);
  const pick = entries.find(([t]) => JSON_TYPES.test(t)) ?? entries[0];
  return pick && isObject(pick[1]) ? { type: pick[0], schema: pick[1].schema } : undefined;
}

/** The first 2xx response. */
export function success(doc: ApiDocument, op: Operation): DeclaredResponse | undefined {
  return responsesOf(doc, op).find((r) => r.code >= 200 && r.code < 300);
}

export function hasHeader(r: DeclaredResponse | undefined, name: string): boolean {
  return r?.headers.some((h) => h.toLowerCase() === name.toLowerCase()) ?? false;
}

export function headerName(r: DeclaredResponse | undefined, name: string): string | undefined {
  return r?.headers.find((h) => h.toLowerCase() === name.toLowerCase());
}

export function queryParams(doc: ApiDocument, op: Operation): QueryParam[] {
  // The path item's parameters sit beside the operation, not in it.
  const itemPointer = op.pointer.slice(0, op.pointer.lastIndexOf('/'));
  const lists: [unknown, string][] = [
    [op.op.pathParameters, joinPointer(itemPointer, 'parameters')],
    [op.op.parameters, joinPointer(op.pointer, 'parameters')],
  ];
  const out: QueryParam[] = [];
  for (const [list, listPointer] of lists) {
    if (!Array.isArray(list)) continue;
    for (const [i, raw] of list.entries()) {
      const at = doc.resolve(raw, joinPointer(listPointer, i));
      const p = at?.node;
      if (!at || !p || p.in !== 'query' || typeof p.name !== 'string') continue;
      const schema =
        p.schema === undefined
          ? viewSchema(doc, p, at.pointer)
          : viewSchema(doc, p.schema, joinPointer(at.pointer, 'schema'));
      const source = isObject(p.schema) ? p.schema : p;
      out.push({
        name: p.name,
        ...(schema ? { schema } : {}),
        ...(source.default === undefined ? {} : { default: source.default }),
        ...(typeof source.maximum === 'number' ? { maximum: source.maximum } : {}),
      });
    }
  }
  return out;
}

/** The named schema of the request body, if any (3.x requestBody, 2.0 `in: body`). */
export function requestSchemaName(doc: ApiDocument, op: Operation): string | undefined {
  if (doc.version === 'swagger-2.0') {
    const params = Array.isArray(op.op.parameters) ? op.op.parameters : [];
    for (const [i, raw] of params.entries()) {
      const p = doc.resolve(raw, joinPointer(op.pointer, 'parameters', i))?.node;
      if (p?.in === 'body')
        return doc.resolve(p.schema, joinPointer(op.pointer, 'parameters', i, 'schema'))?.name;
    }
    return undefined;
  }
  const body = doc.resolve(op.op.requestBody, joinPointer(op.pointer, 'requestBody'));
  const content = jsonContent(body?.node.content);
  return content
    ? doc.resolve(content.schema, joinPointer(op.pointer, 'requestBody', 'content', content.type, 'schema'))
        ?.name
    : undefined;
}

/** Words of an operation a reader would use: summary, description, operationId. */
export function textOf(op: Operation): string {
  return [op.op.summary, op.op.description, op.op.operationId]
    .filter((t) => typeof t === 'string')
    .join(' ')
    .toLowerCase();
}

export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
}
