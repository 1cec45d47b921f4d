import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { JobkitError } from '../errors.js';
import type { VendorFile } from '../format/types.js';
import { displayPath } from '../schema/bundle.js';
import type { ApiDocument } from './document.js';

export interface WrittenVendor {
  schemaFile: string;
  vendorFile: string;
  /** Other files already in the schema folder (they are bundled with the document). */
  others: string[];
}

/**
 * Writes the vendor folder: the document unchanged under schemas/<name>/ and the vendor file
 * under mocks/<name>/. Without `force` nothing that exists is overwritten, and nothing is ever
 * deleted: the user's own edits are never lost.
 */
export function writeVendor(
  out: string,
  name: string,
  doc: ApiDocument,
  vendor: VendorFile,
  force: boolean,
): WrittenVendor {
  const schemaDir = join(out, 'schemas', name);
  const schemaFile = join(schemaDir, basename(doc.path));
  const vendorFile = join(out, 'mocks', name, 'lifecycle.json');
  const taken = [schemaFile, vendorFile].filter((f) => existsSync(f));
  if (taken.length > 0 && !force) {
    throw new JobkitError(
      'usage',
      `${taken.map((f) => displayPath(f)).join(' and ')} already exist${taken.length === 1 ? 's' : ''}; pass --force to replace ${taken.length === 1 ? 'it' : 'them'}, or --out DIR to write elsewhere.`,
      { file: displayPath(taken[0] as string) },
    );
  }
  const others = existsSync(schemaDir)
    ? readdirSync(schemaDir)
        .filter((f) => /\.(json|ya?ml)$/i.test(f) && f !== basename(doc.path))
        .map((f) => displayPath(join(schemaDir, f)))
    : [];
  // Where an editor finds the format's schema once jobkit is installed beside the vendor folder.
  const editorSchema = '../../node_modules/jobkit/mocks/lifecycle.schema.json';
  const text = `${formatJson({ ...vendor, $schema: editorSchema }, '', 0)}\n`;
  try {
    mkdirSync(schemaDir, { recursive: true });
    mkdirSync(dirname(vendorFile), { recursive: true });
    writeFileSync(schemaFile, doc.text);
    writeFileSync(vendorFile, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new JobkitError('input', `Cannot write the vendor folder under ${displayPath(out)}: ${code}.`, {
      file: displayPath(out),
      cause: error,
    });
  }
  return { schemaFile, vendorFile, others };
}

const WIDTH = 110;

/**
 * JSON as the usual formatters (biome, prettier) print it, so the file a user commits does not churn
 * on its first format: objects one key per line, lists of plain values on one line when they fit.
 */
export function formatJson(value: unknown, indent: string, used: number): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const plain = value.every((v) => v === null || typeof v !== 'object');
    const line = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
    if (plain && used + line.length <= WIDTH) return line;
    return `[\n${value.map((v) => `${inner}${formatJson(v, inner, inner.length)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([k, v]) => {
    const key = `${inner}${JSON.stringify(k)}: `;
    // A closing comma follows every member but the last; it counts towards the width.
    return `${key}${formatJson(v, inner, key.length + 1)}`;
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}
