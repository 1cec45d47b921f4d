/**
 * `npm run gen`: writes the files derived from the format's JSON Schemas (and the source table):
 * the vendor file's and the suite's TypeScript types, docs/vendor-format.md and the built-in
 * vendors' body types (src/vendors-types/). They are committed; test/format/types.test.ts
 * regenerates them in memory and fails when one differs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_ROOT } from '../paths.js';
import { generatedFiles } from './files.js';

for (const { path, text } of await generatedFiles()) {
  writeFileSync(join(BUILTIN_ROOT, path), text);
  console.log(`wrote ${path}`);
}
