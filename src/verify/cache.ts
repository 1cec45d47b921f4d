import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BUILTIN_ROOT } from '../paths.js';
import { precompiledDir, readBuildHash, sourceHash } from '../schema/precompiled.js';
import type { Vendor } from '../vendors/registry.js';
import { version } from '../version.js';

/**
 * The load self-check's passes, remembered on disk: a user vendor whose files (its lifecycle file
 * and every file of its schema folder) and jobkit's code are byte for byte those of a passed
 * check loads without rendering it again, so a cold `jobkit validate` or `serve` does not pay for
 * it each time. A failed check is never remembered, and a record that cannot be read, parsed or
 * written is as if there were none: the cache can only skip work, never fail a command.
 */
export interface VerdictCacheOptions {
  /** The folder of the records; default: see defaultCacheDir. */
  dir?: string;
  /** JOBKIT_NO_CACHE (any value but "" and "0") turns the cache off; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Where the package root is looked for when `dir` is not given; default process.cwd(). */
  cwd?: string;
  /**
   * What stands for jobkit's own code in the key; default codeKey(). Undefined (a checkout
   * with no build to take a hash from) turns the cache off.
   */
  code?: string | undefined;
}

/** What a record holds; anything else in the file is a foreign or broken record. */
interface VerdictRecord {
  format: typeof FORMAT;
  key: string;
  vendor: string;
  passed: true;
}

const FORMAT = 'jobkit-self-check-verdict/1';

/**
 * `node_modules/.cache/jobkit/` under the package root of `cwd` (the nearest folder with a
 * package.json), else a folder of the OS temp folder. jobkit has no other cache folder: its
 * precompiled validators are build output inside its own package, which may not be writable.
 */
export function defaultCacheDir(cwd: string = process.cwd()): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'node_modules', '.cache', 'jobkit');
    if (dirname(dir) === dir) break;
  }
  const user = process.getuid?.();
  return join(tmpdir(), user === undefined ? 'jobkit-cache' : `jobkit-cache-${user}`);
}

/**
 * jobkit's code, as far as a verdict depends on it: its version, plus the hash of the build it
 * runs from (written by the build beside the precompiled validators). An installed package
 * without that file is its version alone; a checkout without it (src/ beside it, not built) has
 * no key, so its verdicts are not cached while its code may change under the same version.
 */
export function codeKey(root: string = BUILTIN_ROOT): string | undefined {
  const build = readBuildHash(precompiledDir(root));
  if (build !== undefined) return `${version()} ${build}`;
  return existsSync(join(root, 'src')) ? undefined : version();
}

/**
 * `verify` with its passes cached: a vendor whose record matches is not verified again; one that
 * passes gets its record written. Built-in vendors, and every vendor while the cache is off, go
 * straight to `verify`. The records are the only state, owned by the returned function's folder.
 */
export function cachedVerifier(
  verify: (vendor: Vendor) => void,
  options: VerdictCacheOptions = {},
): (vendor: Vendor) => void {
  const env = options.env ?? process.env;
  const off = env.JOBKIT_NO_CACHE !== undefined && env.JOBKIT_NO_CACHE !== '' && env.JOBKIT_NO_CACHE !== '0';
  const code = 'code' in options ? options.code : codeKey();
  if (off || code === undefined) return verify;
  const dir = options.dir ?? defaultCacheDir(options.cwd);
  return (vendor) => {
    if (vendor.source.builtin) return verify(vendor);
    const key = verdictKey(vendor, code);
    const file = join(dir, recordName(vendor));
    if (key !== undefined && readRecord(file, key)) return;
    verify(vendor); // a failure throws past the write: it is never cached
    if (key !== undefined) writeRecord(file, { format: FORMAT, key, vendor: vendor.name, passed: true });
  };
}

/** Hash of everything that decides the verdict; undefined when a file cannot be read now. */
function verdictKey(vendor: Vendor, code: string): string | undefined {
  try {
    const files = sourceHash(vendor.source.schemas, vendor.source.lifecycle, version());
    return createHash('sha256').update(`${FORMAT}\n${code}\n${vendor.name}\n${files}`).digest('hex');
  } catch {
    return undefined;
  }
}

/** One record per vendor name and lifecycle file: an edited vendor replaces its own record. */
function recordName(vendor: Vendor): string {
  const where = createHash('sha256').update(resolve(vendor.source.lifecycle)).digest('hex').slice(0, 16);
  return `${vendor.name.replace(/[^A-Za-z0-9._-]/g, '_')}-${where}.json`;
}

function readRecord(file: string, key: string): boolean {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<VerdictRecord> | null;
    return record?.format === FORMAT && record.key === key && record.passed === true;
  } catch {
    return false;
  }
}

/** Written whole under another name, then renamed: a concurrent reader sees the old record or the new. */
function writeRecord(file: string, record: VerdictRecord): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temp, `${JSON.stringify(record)}\n`);
    renameSync(temp, file);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: the record is simply not there next time.
    }
  }
}
