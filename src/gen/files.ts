import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_ROOT } from '../paths.js';
import { vendorTypeFiles } from '../typegen/vendor-files.js';
import { createRegistry } from '../vendors/registry.js';
import { BUILTIN_VENDORS_OUTPUT, builtinVendorsModule } from './builtin-vendors.js';
import { generateDoc } from './doc.js';
import { suiteFileTarget, vendorFileTarget } from './targets.js';
import { generateTypes } from './types.js';

export interface GeneratedFile {
  /** Relative to the package root. */
  path: string;
  text: string;
}

/** The vendor the format's documentation shows whole (a test loads it with createRegistry). */
export const EXAMPLE_VENDOR = { roots: 'examples/vendors', name: 'acme' } as const;
const EXAMPLE_FILE = `${EXAMPLE_VENDOR.roots}/mocks/${EXAMPLE_VENDOR.name}/lifecycle.json`;

/** Every generated file's path and content, from the schemas (and sources) as they are now; the vendors' body types come from the built-ins. */
export async function generatedFiles(root = BUILTIN_ROOT): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  const vendorFile = vendorFileTarget(root);
  for (const target of [vendorFile, suiteFileTarget(root)]) {
    files.push({ path: target.output, text: await generateTypes(target) });
  }
  const example = { path: EXAMPLE_FILE, text: readFileSync(join(root, EXAMPLE_FILE), 'utf8') };
  files.push({ path: 'docs/vendor-format.md', text: generateDoc({ schema: vendorFile.schema, example }) });
  files.push(...vendorTypeFiles(createRegistry()));
  files.push({ path: BUILTIN_VENDORS_OUTPUT, text: builtinVendorsModule() });
  return files;
}
