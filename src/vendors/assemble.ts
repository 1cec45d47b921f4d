import { JobkitError } from '../errors.js';
import { statusReader } from '../lifecycle/status-read.js';
import { type CompiledSchemas, distance } from '../schema/compile.js';
import { isObject, own } from '../util/json.js';
import { getAt, joinPointer, parsePointer } from '../util/pointer.js';
import type { LifecycleFile } from './read-file.js';
import type { Vendor } from './types.js';

/**
 * A vendor from its parts, read from files (the registry) or from data (a vendor bundle): its
 * root schema and status field checked against the schemas, its states listed.
 */
export function assembleVendor(
  name: string,
  lifecycle: LifecycleFile,
  schemas: CompiledSchemas,
  source: Vendor['source'],
  /** The files as messages name them (default: the source's paths). */
  shown: { lifecycle: string; schemas: string } = source,
): Vendor {
  const lifecycleFile = shown.lifecycle;
  const root = lifecycle.schema.root;
  if (!schemas.names().includes(root)) {
    throw new JobkitError(
      'lifecycle-load',
      `Failed to load vendor "${name}": ${lifecycleFile}#/schema/root: no schema named "${root}" in ${shown.schemas}. Its schemas: ${schemas.names().sort().join(', ')}.`,
      { file: lifecycleFile, pointer: '/schema/root' },
    );
  }
  if (lifecycle.status.field !== undefined) checkStatusField(name, lifecycleFile, lifecycle, schemas);
  schemas.validator(root); // compile now, so a broken root fails at load, not at the first body

  const status = statusReader(lifecycle.status, lifecycle.conditions ?? {});
  const states = Object.entries(lifecycle.status.states).map(([state, def]) => ({ name: state, ...def }));
  return {
    name,
    title: lifecycle.title,
    ...(lifecycle.description === undefined ? {} : { description: lifecycle.description }),
    ...(lifecycle.docs === undefined ? {} : { docs: lifecycle.docs }),
    root,
    statusField: status.pointer,
    readStatus: status.read,
    states,
    transitions: lifecycle.status.transitions,
    lifecycle,
    schemas,
    source,
    validate: (body, schema = root) => schemas.validate(schema, body),
  };
}

/** The status field must be a property the root schema declares, and its enum (if any) must list the states. */
function checkStatusField(
  name: string,
  file: string,
  lifecycle: LifecycleFile,
  schemas: CompiledSchemas,
): void {
  const doc = schemas.bundle.document;
  const field = lifecycle.status.field ?? '';
  let node: unknown = own(doc.$defs, lifecycle.schema.root);
  for (const token of parsePointer(field)) {
    node = deref(doc, node);
    node = isObject(node) && isObject(node.properties) ? own(node.properties, token) : undefined;
  }
  node = deref(doc, node);
  if (node === undefined) {
    throw new JobkitError(
      'lifecycle-load',
      `Failed to load vendor "${name}": ${file}#/status/field: "${field}" is not a property of schema "${lifecycle.schema.root}".`,
      { file, pointer: '/status/field' },
    );
  }
  const enumValues = findEnum(doc, node);
  if (enumValues) {
    for (const state of Object.keys(lifecycle.status.states)) {
      if (!enumValues.includes(state)) {
        throw new JobkitError(
          'lifecycle-load',
          `Failed to load vendor "${name}": ${file}#/status/states/${state}: the schema's ${field} enum does not allow "${state}" (it allows ${enumValues.join(', ')}).`,
          { file, pointer: joinPointer('/status/states', state) },
        );
      }
    }
  }
}

function deref(doc: object, node: unknown, depth = 0): unknown {
  if (depth < 16 && isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
    return deref(doc, getAt(doc, node.$ref.slice(1)), depth + 1);
  }
  return node;
}

function findEnum(doc: object, node: unknown, depth = 0): unknown[] | undefined {
  const n = deref(doc, node);
  if (!isObject(n) || depth > 8) return undefined;
  if (Array.isArray(n.enum)) return n.enum;
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = n[key];
    if (Array.isArray(list)) {
      for (const item of list) {
        const found = findEnum(doc, item, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

export function unknownVendor(name: string, names: string[]): JobkitError {
  const close = names.find((n) => distance(n, name.toLowerCase()) <= 2);
  const hint = close ? ` Did you mean "${close}"?` : '';
  return new JobkitError(
    'vendor-unknown',
    `Unknown vendor "${name}".${hint} Known vendors: ${names.join(', ') || '(none)'}. To add your own, pass --vendors DIR (a folder with schemas/<vendor>/ and mocks/<vendor>/lifecycle.json).`,
  );
}
