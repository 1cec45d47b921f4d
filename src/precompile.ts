/**
 * Build step (npm run build): compiles the built-in vendors' validators and the lifecycle file's
 * validator to Ajv standalone code in dist/precompiled/. See schema/precompiled.ts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { BUILTIN_ROOT } from './paths.js';
import { createAjv } from './schema/ajv.js';
import { defRef, loadSchemaBundle } from './schema/bundle.js';
import { BUILD_FILE, buildHash, fileHash, precompiledDir, sourceHash } from './schema/precompiled.js';
import { createRegistry } from './vendors/registry.js';
import { version } from './version.js';

const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ??
  standaloneModule) as (ajv: unknown, refs: Record<string, string>) => string;

function write(
  name: string,
  ajv: ReturnType<typeof createAjv>,
  refs: Record<string, string>,
  hash: string,
  names: Record<string, string>,
) {
  const code = standaloneCode(ajv, refs);
  const file = join(precompiledDir(BUILTIN_ROOT), `${name}.cjs`);
  writeFileSync(
    file,
    `${code}\nexports.hash = ${JSON.stringify(hash)};\nexports.names = ${JSON.stringify(names)};\n`,
  );
  return file;
}

mkdirSync(precompiledDir(BUILTIN_ROOT), { recursive: true });
const started = performance.now();
const registry = createRegistry({ builtins: true });
let count = 0;
for (const name of registry.names()) {
  const where = registry.locate(name);
  if (!where?.builtin) continue;
  const vendor = registry.get(name);
  const bundle = loadSchemaBundle(name, vendor.source.schemas);
  const ajv = createAjv({ standalone: true });
  ajv.addSchema(bundle.document);
  const refs: Record<string, string> = {};
  const names: Record<string, string> = {};
  Object.keys(bundle.document.$defs).forEach((schema, i) => {
    refs[`v${i}`] = defRef(bundle, schema);
    names[schema] = `v${i}`;
  });
  write(name, ajv, refs, sourceHash(vendor.source.schemas, vendor.source.lifecycle, version()), names);
  count += Object.keys(names).length;
}
const metaPath = join(BUILTIN_ROOT, 'mocks', 'lifecycle.schema.json');
const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
const metaAjv = createAjv({ standalone: true });
metaAjv.addSchema(meta);
write('lifecycle', metaAjv, { lifecycle: meta.$id }, fileHash(metaPath), { lifecycle: 'lifecycle' });
// What the load self-check's cached verdicts are keyed by in a checkout whose version stays put.
writeFileSync(
  join(precompiledDir(BUILTIN_ROOT), BUILD_FILE),
  `${JSON.stringify({ version: version(), hash: buildHash(join(BUILTIN_ROOT, 'dist'), metaPath) })}\n`,
);
console.log(
  `precompiled ${count} vendor validators and the lifecycle file's in ${Math.round(performance.now() - started)} ms`,
);
