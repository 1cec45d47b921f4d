/**
 * TypeScript declarations from a bundled vendor schema (one document, every schema under `$defs`).
 * A small printer of its own, not json-schema-to-typescript: `jobkit types` runs it in users'
 * installs, where that package (and the prettier it pulls in) is not a dependency, and the
 * committed `src/vendors-types/` files come from the same printer, so both print the same.
 *
 * It covers the JSON Schema a status body is written in: types (and type lists), properties and
 * `required`, enums and consts, `items` / `prefixItems`, `additionalProperties`, `allOf` /
 * `oneOf` / `anyOf` and local `$ref`s. An object gets no index signature unless its schema
 * says `additionalProperties`, so a misspelt field is a compile error in the consumer.
 */
import { isObject } from '../util/json.js';

type Node = Record<string, unknown>;

export interface DeclarationsInput {
  /** The bundle: `$defs` holds every named schema; `$ref`s are `#/$defs/<name>`. */
  document: { $defs: Record<string, unknown> };
  /** The `$defs` names to declare first; every schema they reference follows. */
  roots: string[];
  /** The TypeScript name of a `$defs` entry. */
  nameOf(def: string): string;
}

const DEFS = '#/$defs/';

/** `export interface` / `export type` for each root and each schema it reaches, in that order. */
export function printDeclarations({ document, roots, nameOf }: DeclarationsInput): string {
  const defs = document.$defs;
  const order: string[] = [];
  const queue = [...roots];
  while (queue.length > 0) {
    const def = queue.shift() as string;
    if (order.includes(def)) continue;
    order.push(def);
    queue.push(...refsIn(defs[def]));
  }
  const printer = { nameOf, defs };
  return order.map((def) => declaration(printer, def, defs[def])).join('\n\n');
}

interface Printer {
  nameOf(def: string): string;
  defs: Record<string, unknown>;
}

function declaration(p: Printer, def: string, schema: unknown): string {
  const node = isObject(schema) ? schema : {};
  const name = p.nameOf(def);
  const doc = comment(node, '');
  if (isPlainObject(node)) return `${doc}export interface ${name} ${objectBody(p, node, '')}`;
  return `${doc}export type ${name} = ${expression(p, node, '')};`;
}

/** An object schema that is nothing else: declared as an interface. */
function isPlainObject(node: Node): boolean {
  const combined = ['allOf', 'oneOf', 'anyOf', 'enum', 'const', '$ref'].some((k) => k in node);
  return !combined && node.type === 'object' && isObject(node.properties);
}

function expression(p: Printer, schema: unknown, indent: string): string {
  if (schema === true || schema === undefined) return 'unknown';
  if (schema === false) return 'never';
  if (!isObject(schema)) return 'unknown';
  const parts: string[] = [];
  if (typeof schema.$ref === 'string') parts.push(refName(p, schema.$ref));
  if ('const' in schema) parts.push(literal(schema.const));
  else if (Array.isArray(schema.enum)) parts.push(union(schema.enum.map(literal)));
  else if (schema.type !== undefined || isObject(schema.properties) || schema.items !== undefined)
    parts.push(byType(p, schema, indent));
  for (const word of ['oneOf', 'anyOf'] as const) {
    const branches = schema[word];
    if (Array.isArray(branches)) parts.push(union(branches.map((b) => group(expression(p, b, indent)))));
  }
  if (Array.isArray(schema.allOf)) parts.push(...schema.allOf.map((b) => group(expression(p, b, indent))));
  const known = parts.filter((t) => t !== 'unknown');
  const type = known.length <= 1 ? (known[0] ?? 'unknown') : known.map(group).join(' & ');
  return schema.nullable === true && type !== 'unknown' ? `${group(type)} | null` : type;
}

function byType(p: Printer, schema: Node, indent: string): string {
  const types = Array.isArray(schema.type)
    ? schema.type
    : [schema.type ?? (isObject(schema.properties) ? 'object' : 'array')];
  return union(types.map((t) => oneType(p, schema, String(t), indent)));
}

function oneType(p: Printer, schema: Node, type: string, indent: string): string {
  switch (type) {
    case 'string':
    case 'boolean':
    case 'null':
      return type;
    case 'number':
    case 'integer':
      return 'number';
    case 'array':
      return arrayType(p, schema, indent);
    case 'object':
      return isObject(schema.properties) || schema.additionalProperties !== undefined
        ? objectBody(p, schema, indent)
        : 'Record<string, unknown>';
    default:
      return 'unknown';
  }
}

function arrayType(p: Printer, schema: Node, indent: string): string {
  if (Array.isArray(schema.prefixItems)) {
    const items = schema.prefixItems.map((s) => expression(p, s, indent));
    const rest =
      schema.items === false || schema.items === undefined ? [] : [`...${arrayOf(p, schema.items, indent)}`];
    return `[${[...items, ...rest].join(', ')}]`;
  }
  return arrayOf(p, schema.items, indent);
}

function arrayOf(p: Printer, items: unknown, indent: string): string {
  const item = expression(p, items, indent);
  return /^[\w.]+$/.test(item) ? `${item}[]` : `(${item})[]`;
}

function objectBody(p: Printer, schema: Node, indent: string): string {
  const inner = `${indent}  `;
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  const lines: string[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, value] of Object.entries(properties)) {
    const optional = required.includes(key) ? '' : '?';
    const child = isObject(value) ? value : {};
    lines.push(
      `${comment(child, inner)}${inner}${propertyName(key)}${optional}: ${expression(p, value, inner)};`,
    );
  }
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false) {
    const values = Object.keys(properties).length > 0 ? 'unknown' : expression(p, extra, inner);
    lines.push(`${inner}[key: string]: ${values};`);
  }
  return lines.length === 0 ? 'Record<string, never>' : `{\n${lines.join('\n')}\n${indent}}`;
}

function refName(p: Printer, ref: string): string {
  if (!ref.startsWith(DEFS)) return 'unknown';
  const def = decodeToken(ref.slice(DEFS.length));
  return def in p.defs ? p.nameOf(def) : 'unknown';
}

/** The `$defs` names a schema references, in the order they appear. */
function refsIn(schema: unknown, out: string[] = []): string[] {
  if (Array.isArray(schema)) for (const item of schema) refsIn(item, out);
  else if (isObject(schema)) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(DEFS)) {
        out.push(decodeToken(value.slice(DEFS.length)));
      } else if (key !== 'enum' && key !== 'const' && key !== 'examples' && key !== 'default') {
        refsIn(value, out);
      }
    }
  }
  return out;
}

function decodeToken(token: string): string {
  return decodeURIComponent(token).replaceAll('~1', '/').replaceAll('~0', '~');
}

function comment(node: Node, indent: string): string {
  const text = typeof node.description === 'string' ? node.description.trim() : '';
  if (text === '') return '';
  const body = text.replaceAll('*/', '*\\/').split('\n');
  return `${indent}/**\n${body.map((l) => `${indent} *${l === '' ? '' : ` ${l}`}`).join('\n')}\n${indent} */\n`;
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

function literal(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function union(parts: string[]): string {
  const unique = [...new Set(parts)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.length === 0 ? 'never' : unique.join(' | ');
}

/** Parenthesised when it would bind loosely inside `&`, `|` or `[]`. */
function group(type: string): string {
  let depth = 0;
  for (const ch of type) {
    if (ch === '{' || ch === '(' || ch === '[' || ch === '<') depth++;
    else if (ch === '}' || ch === ')' || ch === ']' || ch === '>') depth--;
    else if (depth === 0 && (ch === '|' || ch === '&')) return `(${type})`;
  }
  return type;
}
