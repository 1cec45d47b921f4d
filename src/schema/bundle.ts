import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { JobkitError } from '../errors.js';
import { parseDataText } from '../util/data-text.js';
import { cloneJson, isObject, type JsonObject, own } from '../util/json.js';
import { joinPointer, parsePointer } from '../util/pointer.js';
import type { OverlayNote, SchemaBundle, SchemaOrigin } from './bundle-doc.js';
import { type Dialect, detectDialect, normalizeSchema } from './dialect.js';
import { FORBIDDEN_NAMES, forbiddenNameAt, forbiddenNameMessage } from './names.js';

export type { OverlayNote, SchemaBundle, SchemaOrigin } from './bundle-doc.js';
export { defRef, originOf } from './bundle-doc.js';

interface SourceDoc {
  file: string;
  path: string;
  raw: JsonObject;
  dialect: Dialect;
  kind: 'components' | 'schema' | 'overlay';
  /** Bundle name of a standalone JSON Schema document. */
  name?: string;
  /** Pointer (in the file) of the object holding the named schemas, for component documents. */
  containerPointer?: string;
}

const SCHEMA_FILE = /\.(json|ya?ml)$/i;

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

export function loadSchemaBundle(vendor: string, dir: string): SchemaBundle {
  let entries: string[];
  try {
    entries = readdirSync(dir)
      .filter((f) => SCHEMA_FILE.test(f))
      .sort();
  } catch (error) {
    throw new JobkitError(
      'schema-load',
      `Failed to load vendor "${vendor}": cannot read its schema folder ${displayPath(dir)} (${(error as NodeJS.ErrnoException).code ?? String(error)}). Create it and put the vendor's JSON Schema or OpenAPI document in it.`,
      { file: displayPath(dir), cause: error },
    );
  }
  if (entries.length === 0) {
    throw new JobkitError(
      'schema-load',
      `Failed to load vendor "${vendor}": ${displayPath(dir)} holds no .json or .yaml schema file. Put the vendor's JSON Schema or OpenAPI document in it.`,
      { file: displayPath(dir) },
    );
  }
  const docs = entries.map((f) => readSourceDoc(vendor, join(dir, f)));
  return buildBundle(vendor, docs);
}

function readSourceDoc(vendor: string, path: string): SourceDoc {
  const file = displayPath(path);
  const text = readFileSync(path, 'utf8');
  const parsed = parseDataText(text, path);
  if (!parsed.ok) {
    throw new JobkitError(
      'schema-load',
      `Failed to load vendor "${vendor}": ${file}${parsed.at}: ${parsed.reason}.`,
      {
        file,
        ...(parsed.cause === undefined ? {} : { cause: parsed.cause }),
      },
    );
  }
  const raw: unknown = parsed.value;
  const forbidden = forbiddenNameAt(raw);
  if (forbidden) {
    throw new JobkitError(
      'schema-load',
      `Failed to load vendor "${vendor}": ${file}#${forbidden.pointer}: ${forbiddenNameMessage(forbidden.name)}`,
      { file, pointer: forbidden.pointer },
    );
  }
  if (!isObject(raw)) {
    throw new JobkitError(
      'schema-load',
      `Failed to load vendor "${vendor}": ${file}: expected a JSON Schema, OpenAPI or overlay document (an object), got ${Array.isArray(raw) ? 'an array' : typeof raw}.`,
      { file },
    );
  }
  if (typeof raw.overlay === 'string') return { file, path, raw, dialect: 'openapi-3.1', kind: 'overlay' };
  const dialect = detectDialect(raw);
  if (dialect === 'swagger-2.0') {
    return { file, path, raw, dialect, kind: 'components', containerPointer: '/definitions' };
  }
  if (dialect !== 'json-schema') {
    return { file, path, raw, dialect, kind: 'components', containerPointer: '/components/schemas' };
  }
  return { file, path, raw, dialect, kind: 'schema', name: schemaDocName(raw, path) };
}

function schemaDocName(raw: JsonObject, path: string): string {
  const id = typeof raw.$id === 'string' ? raw.$id : '';
  const fromId = /#\/components\/schemas\/([^/]+)$/.exec(id)?.[1];
  if (fromId) return decodeURIComponent(fromId);
  if (typeof raw.title === 'string' && /^[A-Za-z_][\w.-]*$/.test(raw.title)) return raw.title;
  return basename(path, extname(path));
}

function containerOf(doc: SourceDoc): JsonObject {
  const tokens = parsePointer(doc.containerPointer ?? '');
  let node: unknown = doc.raw;
  for (const t of tokens) node = isObject(node) ? node[t] : undefined;
  return isObject(node) ? node : {};
}

function buildBundle(vendor: string, docs: SourceDoc[]): SchemaBundle {
  const defs: Record<string, unknown> = {};
  const origins: Record<string, SchemaOrigin> = {};
  const ownerDoc = new Map<string, SourceDoc>();

  const add = (name: string, schema: unknown, origin: SchemaOrigin, doc: SourceDoc) => {
    const previous = own(origins, name);
    if (previous) {
      throw new JobkitError(
        'schema-load',
        `Failed to load vendor "${vendor}": the schema name "${name}" is defined twice, in ${previous.file}#${previous.pointer} and in ${origin.file}#${origin.pointer}. Rename one of them.`,
        { file: origin.file, pointer: origin.pointer },
      );
    }
    // Defined, not assigned: a schema named "__proto__" is a name like any other.
    Object.defineProperty(defs, name, {
      value: cloneJson(schema),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    Object.defineProperty(origins, name, {
      value: origin,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    ownerDoc.set(name, doc);
  };

  for (const doc of docs) {
    if (doc.kind === 'schema' && doc.name) {
      add(doc.name, doc.raw, { file: doc.file, pointer: '', dialect: doc.dialect }, doc);
    } else if (doc.kind === 'components') {
      for (const [name, schema] of Object.entries(containerOf(doc))) {
        add(
          name,
          schema,
          { file: doc.file, pointer: joinPointer(doc.containerPointer ?? '', name), dialect: doc.dialect },
          doc,
        );
      }
    }
  }

  const overlays: OverlayNote[] = [];
  for (const doc of docs.filter((d) => d.kind === 'overlay')) {
    overlays.push(...applyOverlay(vendor, doc, defs));
  }

  const formats = new Map<string, string>();
  const byFile = new Map(docs.map((d) => [basename(d.path), d]));
  const byId = new Map<string, SourceDoc>();
  for (const d of docs)
    if (typeof d.raw.$id === 'string' && !d.raw.$id.startsWith('#')) byId.set(d.raw.$id, d);

  for (const name of Object.keys(defs)) {
    const doc = ownerDoc.get(name);
    const origin = own(origins, name);
    if (!doc || !origin) continue;
    const schema = defs[name];
    if (isObject(schema)) {
      // The document's own identity is replaced by its place in the bundle; a fragment-only or
      // third-party $id would otherwise re-base the refs inside it away from the bundle.
      delete schema.$id;
      delete schema.$schema;
      if (doc.dialect !== 'json-schema') delete schema.id;
    }
    defs[name] = normalizeSchema(schema, '', {
      dialect: doc.dialect,
      rewriteRef: (ref) => rewriteRef(ref, doc, name, { defs, byFile, byId }),
      onFormat: (format, pointer) => {
        if (!formats.has(format)) formats.set(format, joinPointer('/$defs', name) + pointer);
      },
    });
  }

  const id = `https://jobkit.invalid/vendors/${encodeURIComponent(vendor)}/bundle.json`;
  return { id, document: { $id: id, $defs: defs }, origins, overlays, formats };
}

interface RefScope {
  defs: Record<string, unknown>;
  byFile: Map<string, SourceDoc>;
  byId: Map<string, SourceDoc>;
}

/** Maps a `$ref` written in `doc` (inside the schema bundled as `name`) to a bundle ref. */
function rewriteRef(ref: string, doc: SourceDoc, name: string, scope: RefScope): string {
  const hash = ref.indexOf('#');
  const base = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash + 1);
  let target = doc;
  if (base !== '') {
    const other = scope.byId.get(base) ?? scope.byFile.get(basename(base));
    if (!other) return ref; // left as written; the static check reports it with its location
    target = other;
  }
  if (fragment !== '' && !fragment.startsWith('/')) return ref;
  const tokens = fragment === '' ? [] : parsePointer(fragment);
  const pointer = (...t: string[]) => `#${joinPointer('/$defs', ...t)}`;

  if (tokens[0] === 'components' && tokens[1] === 'schemas' && tokens[2] !== undefined) {
    return pointer(...tokens.slice(2));
  }
  if (tokens[0] === 'definitions' && tokens[1] !== undefined) {
    if (target.kind === 'components') return pointer(...tokens.slice(1));
    const local = target.raw.definitions;
    if (!(isObject(local) && Object.hasOwn(local, tokens[1])) && Object.hasOwn(scope.defs, tokens[1]))
      return pointer(...tokens.slice(1));
  }
  if (target.kind === 'schema' && target.name) {
    return pointer(target.name, ...tokens);
  }
  if (target === doc && tokens.length === 0) return pointer(name);
  return ref;
}

/** A small, strict subset of OpenAPI Overlay 1.0: dotted or bracketed JSONPath targets, no wildcards. */
function applyOverlay(vendor: string, doc: SourceDoc, defs: Record<string, unknown>): OverlayNote[] {
  const actions = doc.raw.actions;
  const fail = (pointer: string, what: string): never => {
    throw new JobkitError(
      'schema-load',
      `Failed to load vendor "${vendor}": ${doc.file}#${pointer}: ${what}`,
      { file: doc.file, pointer },
    );
  };
  if (!Array.isArray(actions)) fail('/actions', 'an overlay needs an "actions" array.');
  const tree: JsonObject = { components: { schemas: defs } };
  const notes: OverlayNote[] = [];
  (actions as unknown[]).forEach((action, i) => {
    const at = `/actions/${i}`;
    if (!isObject(action) || typeof action.target !== 'string')
      fail(at, 'each action needs a "target" string.');
    const a = action as JsonObject;
    const path = parseJsonPath(a.target as string);
    if (!path) {
      fail(
        `${at}/target`,
        `unsupported target ${JSON.stringify(a.target)}: jobkit supports plain paths such as $.components.schemas.Job.properties.status (no wildcards or filters).`,
      );
    }
    const tokens = path as string[];
    const named = tokens.find((t) => FORBIDDEN_NAMES.has(t));
    if (named !== undefined) fail(`${at}/target`, forbiddenNameMessage(named));
    let parent: unknown = tree;
    for (const t of tokens.slice(0, -1)) parent = isObject(parent) ? own(parent, t) : undefined;
    const last = tokens[tokens.length - 1] as string;
    if (!isObject(parent) || !Object.hasOwn(parent, last)) {
      fail(`${at}/target`, `target ${a.target} matches nothing in the vendor's schemas.`);
    }
    const host = parent as JsonObject;
    if (a.remove === true) delete host[last];
    else if (isObject(a.update)) host[last] = mergeDeep(host[last], a.update);
    else fail(at, 'an action needs "update" (an object) or "remove": true.');
    notes.push({
      file: doc.file,
      target: a.target as string,
      ...(typeof a.description === 'string' ? { description: a.description } : {}),
    });
  });
  return notes;
}

function parseJsonPath(path: string): string[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const tokens: string[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(?:'([^']*)'|"([^"]*)")\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return undefined;
    tokens.push((m[1] ?? m[2] ?? m[3]) as string);
  }
  return tokens.length > 0 ? tokens : undefined;
}

function mergeDeep(target: unknown, update: JsonObject): unknown {
  if (!isObject(target)) return cloneJson(update);
  const out: JsonObject = { ...target };
  for (const [k, v] of Object.entries(update)) out[k] = isObject(v) ? mergeDeep(out[k], v) : cloneJson(v);
  return out;
}
