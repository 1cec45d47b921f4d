import { readFileSync, statSync } from 'node:fs';
import { JobkitError } from '../errors.js';
import { displayPath } from '../schema/bundle.js';
import { parseDataText } from '../util/data-text.js';
import { isObject, type JsonObject } from '../util/json.js';
import { getAt, joinPointer } from '../util/pointer.js';

/** One operation of the document: `GET /jobs/{id}` and where it is written. */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Pointer of the operation object in the document. */
  pointer: string;
  op: JsonObject;
}

/** A schema node with the pointer it was found at (after following `$ref`s). */
export interface Located {
  node: JsonObject;
  pointer: string;
  /** The component name, when the node is a named schema (`#/components/schemas/Job`). */
  name?: string;
}

/** An OpenAPI 3.0/3.1 or Swagger 2.0 document, read once, with its internal `$ref`s followed on demand. */
export interface ApiDocument {
  /** As shown to users. */
  file: string;
  path: string;
  text: string;
  raw: JsonObject;
  version: 'openapi-3.0' | 'openapi-3.1' | 'swagger-2.0';
  /** Where named schemas live: `/components/schemas` or `/definitions`. */
  schemasPointer: string;
  schemaNames(): string[];
  schema(name: string): Located | undefined;
  /** Follows `$ref`s from `node` (found at `pointer`); an external or dangling one is an input error. */
  resolve(node: unknown, pointer: string): Located | undefined;
  operations(): Operation[];
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const MAX_BYTES = 32 * 1024 * 1024;

export function readApiDocument(path: string): ApiDocument {
  const file = displayPath(path);
  const text = readText(path, file);
  const parsed = parseDataText(text, path);
  if (!parsed.ok) {
    throw new JobkitError('input', `${file}${parsed.at}: ${parsed.reason}.`, { file, cause: parsed.cause });
  }
  const raw = parsed.value;
  if (!isObject(raw)) {
    throw new JobkitError('input', `${file}: expected an OpenAPI document (an object), got ${kindOf(raw)}.`, {
      file,
    });
  }
  const version = versionOf(raw, file);
  const schemasPointer = version === 'swagger-2.0' ? '/definitions' : '/components/schemas';
  return createDocument({ file, path, text, raw, version, schemasPointer });
}

function readText(path: string, file: string): string {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      throw new JobkitError(
        'input',
        `${file} is a folder; --from takes an OpenAPI document (.json or .yaml).`,
        {
          file,
        },
      );
    }
    if (stat.size > MAX_BYTES) {
      throw new JobkitError(
        'input',
        `${file} is ${stat.size} bytes; an OpenAPI document over 32 MiB is refused.`,
        {
          file,
        },
      );
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof JobkitError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new JobkitError('input', `Cannot read ${file}: ${code}.`, { file, cause: error });
  }
}

function versionOf(raw: JsonObject, file: string): ApiDocument['version'] {
  if (typeof raw.swagger === 'string' && raw.swagger.startsWith('2.')) return 'swagger-2.0';
  if (typeof raw.openapi === 'string' && raw.openapi.startsWith('3.0')) return 'openapi-3.0';
  if (typeof raw.openapi === 'string' && raw.openapi.startsWith('3.1')) return 'openapi-3.1';
  const said = raw.openapi ?? raw.swagger;
  throw new JobkitError(
    'input',
    `${file}#/${raw.openapi === undefined ? 'swagger' : 'openapi'}: expected an OpenAPI 3.0/3.1 or Swagger 2.0 document${said === undefined ? ' (it has neither "openapi" nor "swagger")' : `, not version ${JSON.stringify(said)}`}.`,
    { file, pointer: raw.openapi === undefined ? '/swagger' : '/openapi' },
  );
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

function createDocument(
  base: Omit<ApiDocument, 'schemaNames' | 'schema' | 'resolve' | 'operations'>,
): ApiDocument {
  const container = getAt(base.raw, base.schemasPointer);
  const named = isObject(container) ? container : {};
  const nameOf = (pointer: string): string | undefined => {
    const prefix = `${base.schemasPointer}/`;
    if (!pointer.startsWith(prefix)) return undefined;
    const rest = pointer.slice(prefix.length);
    return rest.includes('/') ? undefined : rest.replaceAll('~1', '/').replaceAll('~0', '~');
  };
  const resolve = (node: unknown, pointer: string): Located | undefined => {
    let at = pointer;
    let current = node;
    for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
      if (hops > 32) throw refError(base.file, at, current.$ref, 'it is part of a $ref loop');
      const ref = current.$ref;
      if (!ref.startsWith('#')) {
        throw refError(
          base.file,
          at,
          ref,
          'it points outside the document; bundle it first (e.g. `npx @redocly/cli bundle`)',
        );
      }
      const target = ref === '#' ? '' : decodeURIComponent(ref.slice(1));
      const next = getAt(base.raw, target);
      if (next === undefined) throw refError(base.file, at, ref, 'nothing is there');
      at = target;
      current = next;
    }
    if (!isObject(current)) return undefined;
    const name = nameOf(at);
    return name === undefined ? { node: current, pointer: at } : { node: current, pointer: at, name };
  };
  return {
    ...base,
    schemaNames: () => Object.keys(named),
    schema: (name) =>
      Object.hasOwn(named, name) ? resolve(named[name], joinPointer(base.schemasPointer, name)) : undefined,
    resolve,
    operations: () => operationsOf(base.raw),
  };
}

function refError(file: string, pointer: string, ref: string, why: string): JobkitError {
  return new JobkitError('input', `${file}#${pointer}: cannot follow $ref ${JSON.stringify(ref)}: ${why}.`, {
    file,
    pointer,
  });
}

function operationsOf(raw: JsonObject): Operation[] {
  const paths = isObject(raw.paths) ? raw.paths : {};
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      out.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pointer: joinPointer('/paths', path, method),
        op: { ...(Array.isArray(item.parameters) ? { pathParameters: item.parameters } : {}), ...op },
      });
    }
  }
  return out;
}
