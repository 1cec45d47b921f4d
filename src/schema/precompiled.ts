import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';

/**
 * Validators compiled at build time (Ajv standalone code) for the built-in vendors and for the
 * lifecycle file itself: a cold `jobkit validate` skips Ajv's compiler. Each module carries a
 * hash of the files it was compiled from; an edited schema no longer matches, and the vendor is
 * compiled at run time as usual. JOBKIT_PRECOMPILED=0 turns them off.
 */
export interface PrecompiledModule {
  hash: string;
  /** Schema name → export name. */
  names: Record<string, string>;
  [exportName: string]: unknown;
}

const require = createRequire(import.meta.url);

export function precompiledDir(root: string): string {
  return join(root, 'dist', 'precompiled');
}

/** Hash of a vendor's schema folder and lifecycle file, plus the version of jobkit that compiles them. */
export function sourceHash(schemaDir: string, lifecycleFile: string, version: string): string {
  const hash = createHash('sha256');
  hash.update(`jobkit ${version}\n`);
  for (const file of readdirSync(schemaDir).sort()) {
    if (!/\.(json|ya?ml)$/i.test(file)) continue;
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(schemaDir, file)));
  }
  hash.update('lifecycle\n');
  hash.update(readFileSync(lifecycleFile));
  return hash.digest('hex');
}

/** The file the build writes beside the precompiled modules: `{ "hash": … }` of the code it built. */
export const BUILD_FILE = 'build.json';

/**
 * Hash of jobkit's built code: every .js/.cjs file under `distDir` (but the precompiled modules,
 * which the hash would otherwise depend on), with its path, plus the vendor format's own schema.
 * A dev checkout's verdicts (src/verify/cache.ts) are keyed by it, since its version stays put
 * while the code changes.
 */
export function buildHash(distDir: string, formatSchema: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (path !== 'precompiled') walk(join(dir, entry.name), path);
      } else if (/\.c?js$/.test(entry.name)) {
        hash.update(`${path}\n`);
        hash.update(readFileSync(join(dir, entry.name)));
      }
    }
  };
  walk(distDir, '');
  hash.update('format\n');
  hash.update(readFileSync(formatSchema));
  return hash.digest('hex');
}

/** The build's code hash (see buildHash), or undefined when there is no readable build file. */
export function readBuildHash(dir: string): string | undefined {
  try {
    const data = JSON.parse(readFileSync(join(dir, BUILD_FILE), 'utf8')) as { hash?: unknown };
    return typeof data.hash === 'string' && data.hash !== '' ? data.hash : undefined;
  } catch {
    return undefined;
  }
}

/** Hash of one file (the vendor format's own schema): an edited schema is compiled afresh. */
export function fileHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export function loadPrecompiled(
  dir: string,
  name: string,
  hash: string | undefined,
): Map<string, ValidateFunction> | undefined {
  if (process.env.JOBKIT_PRECOMPILED === '0') return undefined;
  const file = join(dir, `${name}.cjs`);
  if (!existsSync(file)) return undefined;
  let mod: PrecompiledModule;
  try {
    mod = require(file) as PrecompiledModule;
  } catch {
    return undefined;
  }
  if (hash !== undefined && mod.hash !== hash) return undefined;
  const out = new Map<string, ValidateFunction>();
  for (const [schema, exportName] of Object.entries(mod.names)) {
    const fn = mod[exportName];
    if (typeof fn === 'function') out.set(schema, fn as ValidateFunction);
  }
  return out;
}
