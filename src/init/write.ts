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
  const text = `${JSON.stringify({ ...vendor, $schema: editorSchema }, null, 2)}\n`;
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
