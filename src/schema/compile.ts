import type { ValidateFunction } from 'ajv';
import { JobkitError } from '../errors.js';
import { isObject, type JsonObject } from '../util/json.js';
import { getAt, joinPointer, parsePointer } from '../util/pointer.js';
import type { Ajv2020 } from './ajv.js';
import { defRef, originOf, type SchemaBundle } from './bundle-doc.js';
import { toIssues, type ValidationResult } from './issues.js';
import { ARRAY_OF_SUBSCHEMAS, MAP_OF_SUBSCHEMAS, SINGLE_SUBSCHEMA } from './keywords.js';
import { nestedQuantifier } from './regex.js';

export interface CompiledSchemas {
  bundle: SchemaBundle;
  /** Names of the schemas in the bundle. */
  names(): string[];
  /** Validates `body` against the named schema. Never throws for a bad body. */
  validate(name: string, body: unknown): ValidationResult;
  /** The raw Ajv function (compiled once, cached). */
  validator(name: string): ValidateFunction;
  warnings: string[];
}

/** A schema node's regular expressions (`pattern`, `patternProperties` names), each with its pointer. */
function patternsOf(node: JsonObject, pointer: string): [string, string][] {
  const out: [string, string][] = [];
  if (typeof node.pattern === 'string') out.push([joinPointer(pointer, 'pattern'), node.pattern]);
  if (isObject(node.patternProperties)) {
    for (const key of Object.keys(node.patternProperties))
      out.push([joinPointer(pointer, 'patternProperties', key), key]);
  }
  return out;
}

interface Problem {
  pointer: string;
  message: string;
}

/**
 * Checks a bundle before Ajv sees it, so that every problem is reported with the file and
 * JSON pointer the user must edit (Ajv's own compile errors carry neither), then registers it.
 */
export function compileBundle(
  getAjv: () => Ajv2020,
  vendor: string,
  bundle: SchemaBundle,
  precompiled?: Map<string, ValidateFunction>,
): CompiledSchemas {
  if (precompiled) return fromPrecompiled(getAjv, vendor, bundle, precompiled);
  const ajv = getAjv();
  const known = new Set(Object.keys((ajv as unknown as { RULES: { keywords: object } }).RULES.keywords));
  const problems: Problem[] = [];
  walkSchemas(bundle.document.$defs, '/$defs', (node, pointer) => {
    for (const key of Object.keys(node)) {
      if (!known.has(key)) {
        const hint = suggest(key, known);
        problems.push({
          pointer: joinPointer(pointer, key),
          message: `unknown keyword "${key}"${hint ? `; did you mean "${hint}"?` : ''} Prefix it with "x-" if it is an extension.`,
        });
      }
    }
    for (const [at, source] of patternsOf(node, pointer)) {
      const why = nestedQuantifier(source);
      if (why) {
        problems.push({
          pointer: at,
          message: `pattern ${JSON.stringify(source)} could take exponential time on some inputs: ${why}. Rewrite it without a repeated group that repeats inside (e.g. ^a+$ for ^(a+)+$).`,
        });
      }
    }
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (!ref.startsWith('#/')) {
        problems.push({
          pointer: joinPointer(pointer, '$ref'),
          message: `$ref ${JSON.stringify(ref)} points outside the vendor's schema folder; jobkit resolves references only between the files in it. Copy the schema it names into that folder.`,
        });
      } else if (getAt(bundle.document, ref.slice(1)) === undefined) {
        const tokens = parsePointer(ref.slice(1));
        problems.push({
          pointer: joinPointer(pointer, '$ref'),
          message:
            tokens[0] === '$defs' && tokens.length === 2
              ? `$ref points to a schema named "${tokens[1]}", which no file defines. Add it (e.g. under components/schemas in an OpenAPI file) or fix the name.`
              : `$ref ${JSON.stringify(ref)} points nowhere in the vendor's schemas.`,
        });
      }
    }
  });

  const warnings: string[] = [];
  for (const [format, pointer] of bundle.formats) {
    if (!ajv.formats[format]) {
      ajv.addFormat(format, true);
      warnings.push(
        `${originOf(bundle, pointer)}: format "${format}" is not one jobkit knows; it is treated as an annotation (not checked).`,
      );
    }
  }

  if (problems.length === 0 && !ajv.validateSchema(bundle.document)) {
    for (const e of ajv.errors ?? []) {
      problems.push({
        pointer: e.instancePath,
        message: `${e.message ?? 'is not a valid schema'} (JSON Schema 2020-12)`,
      });
    }
  }
  if (problems.length > 0) throw loadError(vendor, bundle, problems);

  try {
    ajv.removeSchema(bundle.id);
    ajv.addSchema(bundle.document);
  } catch (error) {
    throw loadError(vendor, bundle, [{ pointer: '', message: (error as Error).message }]);
  }

  const cache = new Map<string, ValidateFunction>();
  const validator = (name: string): ValidateFunction => {
    let fn = cache.get(name);
    if (fn) return fn;
    if (!Object.hasOwn(bundle.document.$defs, name)) {
      throw new JobkitError(
        'schema-load',
        `Vendor "${vendor}" has no schema named "${name}". Its schemas: ${Object.keys(bundle.document.$defs).sort().join(', ')}.`,
      );
    }
    try {
      fn = ajv.getSchema(defRef(bundle, name));
    } catch (error) {
      throw loadError(vendor, bundle, [
        { pointer: joinPointer('/$defs', name), message: (error as Error).message },
      ]);
    }
    if (!fn)
      throw loadError(vendor, bundle, [{ pointer: joinPointer('/$defs', name), message: 'did not compile' }]);
    cache.set(name, fn);
    return fn;
  };

  return compiledSchemas(bundle, warnings, validator);
}

/**
 * Validators compiled at build time for a built-in vendor whose files are unchanged: its
 * schemas were checked then, so Ajv is only started if a schema without precompiled code is asked for.
 */
function fromPrecompiled(
  getAjv: () => Ajv2020,
  vendor: string,
  bundle: SchemaBundle,
  precompiled: Map<string, ValidateFunction>,
): CompiledSchemas {
  let fallback: CompiledSchemas | undefined;
  const validator = (name: string): ValidateFunction => {
    const fn = precompiled.get(name);
    if (fn) return fn;
    fallback ??= compileBundle(getAjv, vendor, bundle);
    return fallback.validator(name);
  };
  return compiledSchemas(bundle, [], validator);
}

/** The schemas of a bundle, however their validators come to be (compiled now or at build). */
function compiledSchemas(
  bundle: SchemaBundle,
  warnings: CompiledSchemas['warnings'],
  validator: (name: string) => ValidateFunction,
): CompiledSchemas {
  return {
    bundle,
    warnings,
    names: () => Object.keys(bundle.document.$defs),
    validator,
    validate(name, body) {
      const fn = validator(name);
      if (fn(body)) return { valid: true, issues: [] };
      return { valid: false, issues: toIssues(fn.errors, body) };
    },
  };
}

function loadError(vendor: string, bundle: SchemaBundle, problems: Problem[]): JobkitError {
  const lines = problems.slice(0, 20).map((p) => `  ${originOf(bundle, p.pointer)}: ${p.message}`);
  if (problems.length > 20) lines.push(`  … and ${problems.length - 20} more`);
  const head =
    problems.length === 1
      ? `Failed to load vendor "${vendor}": ${lines[0]?.trim()}`
      : `Failed to load vendor "${vendor}": ${problems.length} problems in its schemas:\n${lines.join('\n')}`;
  return new JobkitError('schema-load', head);
}

export function walkSchemas(
  defs: Record<string, unknown>,
  base: string,
  visit: (node: JsonObject, pointer: string) => void,
): void {
  for (const [name, schema] of Object.entries(defs)) walk(schema, joinPointer(base, name), visit);
}

function walk(node: unknown, pointer: string, visit: (node: JsonObject, pointer: string) => void): void {
  if (!isObject(node)) return;
  visit(node, pointer);
  for (const key of SINGLE_SUBSCHEMA)
    if (key in node && !Array.isArray(node[key])) walk(node[key], joinPointer(pointer, key), visit);
  for (const key of ARRAY_OF_SUBSCHEMAS) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, joinPointer(pointer, key, i), visit);
    }
  }
  for (const key of MAP_OF_SUBSCHEMAS) {
    const value = node[key];
    if (isObject(value)) {
      for (const [name, child] of Object.entries(value)) {
        if (!Array.isArray(child)) walk(child, joinPointer(pointer, key, name), visit);
      }
    }
  }
}

function suggest(word: string, known: Set<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, for "did you mean" hints. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length] as number;
}
