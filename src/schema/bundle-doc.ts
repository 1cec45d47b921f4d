import type { JsonObject } from '../util/json.js';
import { escapeToken, joinPointer, parsePointer } from '../util/pointer.js';
import type { Dialect } from './dialect.js';

/** Where a bundled schema came from, so errors can name the file and pointer the user edits. */
export interface SchemaOrigin {
  /** Path as shown to users (relative to the working directory when possible). */
  file: string;
  /** JSON pointer of the schema inside `file`. */
  pointer: string;
  dialect: Dialect;
}

export interface OverlayNote {
  file: string;
  target: string;
  description?: string;
}

/**
 * A vendor's schemas as one self-contained JSON Schema 2020-12 document: every named schema
 * of every file in `schemas/<vendor>/` under `$defs`, with `$ref`s rewritten to point there.
 * The files on disk stay as the vendor publishes them.
 */
export interface SchemaBundle {
  id: string;
  document: JsonObject & { $defs: Record<string, unknown> };
  origins: Record<string, SchemaOrigin>;
  overlays: OverlayNote[];
  /** Formats used anywhere in the bundle, with the pointer of their first use. */
  formats: Map<string, string>;
}

export function originOf(bundle: SchemaBundle, bundlePointer: string): string {
  const tokens = parsePointer(bundlePointer);
  if (tokens[0] === '$defs' && tokens[1] !== undefined) {
    const origin = bundle.origins[tokens[1]];
    if (origin) return `${origin.file}#${joinPointer(origin.pointer, ...tokens.slice(2))}`;
  }
  return `${bundle.id}#${bundlePointer}`;
}

export function defRef(bundle: SchemaBundle, name: string): string {
  return `${bundle.id}#/$defs/${escapeToken(name)}`;
}
