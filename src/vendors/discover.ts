import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { JobkitError, type JobkitErrorCode } from '../errors.js';
import { displayPath } from '../schema/bundle.js';
import { parseDataText } from '../util/data-text.js';
import { isObject } from '../util/json.js';

const LIFECYCLE_NAMES = ['lifecycle.json', 'lifecycle.yaml', 'lifecycle.yml'];
export const VENDOR_NAME = /^[a-z0-9][a-z0-9_-]*$/;
/** Problems one error lists before saying how many more there are. */
const SHOWN = 8;

/** A folder to find vendors in, and where it was named (`--vendors`, `JOBKIT_VENDORS`), for messages. */
export interface VendorRoot {
  root: string;
  builtin: boolean;
  from?: string;
}

/** Where one vendor's files are. */
export interface FoundVendor {
  root: string;
  builtin: boolean;
  lifecycle: string;
  /** A user vendor that replaces the built-in of its name, as its vendor file's `replaces` says. */
  replacesBuiltin?: boolean;
}

const HOLDS =
  'A vendor folder holds, for each vendor, schemas/<vendor>/ (its JSON Schema or OpenAPI files) and mocks/<vendor>/lifecycle.json (its vendor file, see docs/vendor-format.md).';

interface Problem {
  code: JobkitErrorCode;
  text: string;
  file: string;
}

/**
 * The vendors of each folder, by name: the built-ins' as shipped, a user folder's checked strictly,
 * because a user folder is where a wrong path or a stray file is found. Every problem of every
 * folder is reported at once (a JobkitError: `usage` for a folder that cannot be one, `vendor-load`
 * for a file that is wrong), as is a vendor two user folders define, or one that takes a
 * built-in's name without saying `"replaces"`.
 */
export function discoverVendors(roots: readonly VendorRoot[]): Map<string, FoundVendor> {
  const found = new Map<string, FoundVendor>();
  const problems: Problem[] = [];
  for (const root of roots) {
    const vendors = root.builtin ? builtinVendors(root.root) : userVendors(root, problems);
    for (const [name, lifecycle] of vendors) {
      const before = found.get(name);
      const here: FoundVendor = { root: root.root, builtin: root.builtin, lifecycle };
      if (!before) found.set(name, here);
      else if (!before.builtin) problems.push(definedTwice(name, before, here));
      else if (declaresReplace(lifecycle, name)) found.set(name, { ...here, replacesBuiltin: true });
      else problems.push(takesBuiltinName(name, here));
    }
  }
  if (problems.length > 0) throw discoveryError(problems);
  return found;
}

function builtinVendors(root: string): [string, string][] {
  const mocks = join(root, 'mocks');
  const out: [string, string][] = [];
  for (const entry of readdirSync(mocks, { withFileTypes: true })) {
    if (!entry.isDirectory() || !VENDOR_NAME.test(entry.name)) continue;
    const lifecycle = lifecycleIn(join(mocks, entry.name));
    if (lifecycle) out.push([entry.name, lifecycle]);
  }
  return out;
}

function lifecycleIn(dir: string): string | undefined {
  return LIFECYCLE_NAMES.map((n) => join(dir, n)).find((p) => existsSync(p));
}

function userVendors(root: VendorRoot, problems: Problem[]): [string, string][] {
  const dir = root.root;
  const shown = `${displayPath(dir)}${root.from ? ` (from ${root.from})` : ''}`;
  const folder = kindOf(dir);
  if (folder !== 'dir') {
    const what = folder === 'missing' ? 'does not exist' : 'is a file, not a folder';
    problems.push(usage(`Vendor folder ${shown} ${what}. ${HOLDS}`, dir));
    return [];
  }
  const mocks = join(dir, 'mocks');
  const entries = kindOf(mocks) === 'dir' ? readdirSync(mocks, { withFileTypes: true }) : [];
  const before = problems.length;
  const out: [string, string][] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const problem = vendorProblem(dir, entry.name);
    if (typeof problem === 'string') out.push([entry.name, problem]);
    else problems.push(problem);
  }
  if (out.length === 0 && problems.length === before) {
    problems.push(usage(`Vendor folder ${shown} ${emptyWhy(mocks)} ${HOLDS}${misplaced(dir)}`, dir));
  }
  return out;
}

/**
 * The vendor file of mocks/<name>/ when its folder is a vendor's, else what is wrong with it. A
 * missing schemas/<name>/ is the vendor's load error (schema-load, naming the folder), on first use.
 */
function vendorProblem(dir: string, name: string): string | Problem {
  const folder = join(dir, 'mocks', name);
  if (!VENDOR_NAME.test(name)) {
    return load(
      `${displayPath(folder)}/: "${name}" is not a vendor name: use lowercase letters, digits, - and _, starting with a letter or digit. Rename the folder (and schemas/${name}/ with it).`,
      folder,
    );
  }
  const lifecycle = lifecycleIn(folder);
  if (!lifecycle) {
    return load(
      `${displayPath(folder)}/ has no vendor file: put the vendor's lifecycle.json (or .yaml) in it, or remove the folder.`,
      folder,
    );
  }
  return lifecycle;
}

function emptyWhy(mocks: string): string {
  if (kindOf(mocks) !== 'dir') return 'holds no vendor: it has no mocks/ folder.';
  return `holds no vendor: no mocks/<vendor>/lifecycle.json under ${displayPath(mocks)}/.`;
}

/** The usual wrong paths: a vendor folder's own mocks/ or schemas/, or one vendor's folder. */
function misplaced(dir: string): string {
  const name = basename(dir);
  if (name === 'mocks' || name === 'schemas')
    return ` ${displayPath(dir)} looks like the ${name}/ inside one: pass its parent folder.`;
  if (lifecycleIn(dir))
    return ` ${displayPath(dir)} holds a vendor file itself: pass the folder two levels up (the one with mocks/ and schemas/).`;
  return '';
}

function kindOf(path: string): 'dir' | 'other' | 'missing' {
  try {
    return statSync(path).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'missing';
  }
}

/**
 * Whether the vendor file says `"replaces": "<name>"`. Read only for a user vendor that takes a
 * built-in's name; a file that does not parse counts as saying it, so that its load reports
 * what is wrong with it (line and column) rather than this.
 */
function declaresReplace(lifecycle: string, name: string): boolean {
  let text: string;
  try {
    text = readFileSync(lifecycle, 'utf8');
  } catch {
    return true;
  }
  const parsed = parseDataText(text, lifecycle);
  return !parsed.ok || (isObject(parsed.value) && parsed.value.replaces === name);
}

function definedTwice(name: string, first: FoundVendor, second: FoundVendor): Problem {
  return load(
    `Vendor "${name}" is defined by two vendor folders: ${displayPath(first.root)} (${displayPath(first.lifecycle)}) and ${displayPath(second.root)} (${displayPath(second.lifecycle)}). Keep one, or rename one of them.`,
    second.lifecycle,
  );
}

function takesBuiltinName(name: string, here: FoundVendor): Problem {
  return load(
    `${displayPath(here.lifecycle)}: "${name}" is the name of a built-in vendor. To replace the built-in on purpose, add "replaces": "${name}" to this file; otherwise rename mocks/${name}/ and schemas/${name}/ in ${displayPath(here.root)}.`,
    here.lifecycle,
  );
}

const usage = (text: string, file: string): Problem => ({ code: 'usage', text, file: displayPath(file) });
const load = (text: string, file: string): Problem => ({
  code: 'vendor-load',
  text,
  file: displayPath(file),
});

function discoveryError(problems: Problem[]): JobkitError {
  const [first] = problems as [Problem];
  if (problems.length === 1) return new JobkitError(first.code, first.text, { file: first.file });
  const more = problems.length - SHOWN;
  const lines = problems.slice(0, SHOWN).map((p) => `  ${p.text}`);
  if (more > 0) lines.push(`  … and ${more} more.`);
  return new JobkitError(first.code, `Cannot load the vendor folders:\n${lines.join('\n')}`);
}
