import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobkitError } from '../../src/errors.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { useTempTrees } from '../helpers/fixtures.js';
import { simpleStatus } from '../helpers/own-vendor.js';

const tempDir = useTempTrees();

const schema = { type: 'object', properties: { state: { type: 'string' } } };
const lifecycle = (extra: object = {}) => ({
  title: 'Own jobs',
  schema: { root: 'Job' },
  status: simpleStatus(),
  ...extra,
});
/** One whole vendor, `name`, as a vendor folder's files. */
const vendor = (name: string, extra: object = {}) => ({
  [`schemas/${name}/Job.json`]: schema,
  [`mocks/${name}/lifecycle.json`]: lifecycle(extra),
});

function discoveryError(roots: Parameters<typeof createRegistry>[0]): JobkitError {
  try {
    createRegistry(roots);
  } catch (error) {
    expect(error).toBeInstanceOf(JobkitError);
    return error as JobkitError;
  }
  throw new Error('expected the vendor folders to be refused');
}

describe('a vendor folder that cannot be one says why', () => {
  it('a missing folder, naming where it was given', () => {
    const error = discoveryError({ roots: [{ dir: '/nonexistent/vendors', from: '--vendors' }] });
    expect(error.code).toBe('usage');
    expect(error.message).toMatch(
      /^Vendor folder \/nonexistent\/vendors \(from --vendors\) does not exist\./,
    );
    expect(error.message).toContain('mocks/<vendor>/lifecycle.json');
    expect(error.file).toBe('/nonexistent/vendors');
  });

  it('a file, not a folder', () => {
    const dir = tempDir({ 'vendors.json': '{}' });
    const error = discoveryError({ roots: [join(dir, 'vendors.json')] });
    expect(error.code).toBe('usage');
    expect(error.message).toMatch(/vendors\.json is a file, not a folder\./);
  });

  it('an empty folder, saying what it should hold', () => {
    const error = discoveryError({ roots: [tempDir({ 'README.md': 'mine' })] });
    expect(error.code).toBe('usage');
    expect(error.message).toMatch(
      /holds no vendor: it has no mocks\/ folder\. A vendor folder holds, for each vendor, schemas\/<vendor>\/ .* and mocks\/<vendor>\/lifecycle\.json/,
    );
  });

  it('a mocks/ folder with no vendor in it', () => {
    const error = discoveryError({
      roots: [tempDir({ 'mocks/notes.txt': 'x', 'schemas/own/Job.json': schema })],
    });
    expect(error.message).toMatch(
      /holds no vendor: no mocks\/<vendor>\/lifecycle\.json under \S+\/mocks\/\./,
    );
  });

  it('the mocks/ folder itself, or one vendor folder, given instead of their parent', () => {
    const dir = tempDir(vendor('own'));
    expect(discoveryError({ roots: [join(dir, 'mocks')] }).message).toMatch(
      /looks like the mocks\/ inside one: pass its parent folder\./,
    );
    expect(discoveryError({ roots: [join(dir, 'mocks', 'own')] }).message).toMatch(
      /holds a vendor file itself: pass the folder two levels up/,
    );
  });
});

describe('a wrong file in a vendor folder is named', () => {
  it('a mocks/<vendor>/ folder without a vendor file', () => {
    const error = discoveryError({ roots: [tempDir({ ...vendor('own'), 'mocks/other/notes.md': 'x' })] });
    expect(error.code).toBe('vendor-load');
    expect(error.message).toMatch(/mocks\/other\/ has no vendor file: put the vendor's lifecycle\.json/);
    expect(error.file).toMatch(/mocks\/other$/);
  });

  it('a folder name that is no vendor name', () => {
    const error = discoveryError({ roots: [tempDir({ ...vendor('own'), ...vendor('My Vendor') })] });
    expect(error.code).toBe('vendor-load');
    expect(error.message).toMatch(
      /mocks\/My Vendor\/: "My Vendor" is not a vendor name: use lowercase letters/,
    );
  });

  it('a lifecycle file without schemas/<vendor>/, on first use (its schema-load error)', () => {
    const registry = createRegistry({ roots: [tempDir({ 'mocks/own/lifecycle.json': lifecycle() })] });
    expect(registry.names()).toContain('own');
    expect(() => registry.get('own')).toThrow(/cannot read its schema folder \S*schemas\/own \(ENOENT\)/);
  });

  it('every problem of every folder, at once', () => {
    const error = discoveryError({
      roots: ['/nonexistent/a', tempDir({ ...vendor('own'), 'mocks/Bad/lifecycle.json': lifecycle() })],
    });
    expect(error.message).toMatch(
      /^Cannot load the vendor folders:\n {2}Vendor folder \/nonexistent\/a does not exist/,
    );
    expect(error.message).toMatch(/\n {2}\S+mocks\/Bad\/: "Bad" is not a vendor name/);
  });
});

describe('which folder a vendor comes from is never ambiguous', () => {
  it('two user folders defining one vendor is an error naming both', () => {
    const a = tempDir(vendor('own'));
    const b = tempDir(vendor('own'));
    const error = discoveryError({ roots: [a, b], builtins: false });
    expect(error.code).toBe('vendor-load');
    expect(error.message).toContain(`Vendor "own" is defined by two vendor folders: ${a} (`);
    expect(error.message).toContain(`and ${b} (${b}/mocks/own/lifecycle.json)`);
  });

  it('the same folder named twice (flag and environment) is read once', () => {
    const dir = tempDir(vendor('own'));
    const registry = createRegistry({
      roots: [
        { dir, from: 'JOBKIT_VENDORS' },
        { dir: `${dir}/`, from: '--vendors' },
      ],
    });
    expect(registry.get('own').source.root).toBe(dir);
  });

  it("a vendor taking a built-in's name without saying so is refused, with the fix", () => {
    const dir = tempDir(vendor('posthog'));
    const error = discoveryError({ roots: [dir] });
    expect(error.code).toBe('vendor-load');
    expect(error.message).toMatch(
      /mocks\/posthog\/lifecycle\.json: "posthog" is the name of a built-in vendor\. To replace the built-in on purpose, add "replaces": "posthog" to this file/,
    );
    // Without the built-ins there is nothing to clash with.
    expect(createRegistry({ roots: [dir], builtins: false }).get('posthog').title).toBe('Own jobs');
  });

  it('"replaces" replaces the built-in, and the registry says so', () => {
    const registry = createRegistry({ roots: [tempDir(vendor('posthog', { replaces: 'posthog' }))] });
    expect(registry.locate('posthog')).toMatchObject({ builtin: false, replacesBuiltin: true });
    expect(registry.get('posthog').source.replacesBuiltin).toBe(true);
    expect(registry.locate('weaviate')).toMatchObject({ builtin: true, replacesBuiltin: false });
  });

  it('"replaces" names the vendor\'s own folder', () => {
    const registry = createRegistry({ roots: [tempDir(vendor('own', { replaces: 'posthog' }))] });
    expect(() => registry.get('own')).toThrow(
      /lifecycle\.json#\/replaces: says "posthog" but the folder is "own"/,
    );
  });

  it('a built-in name whose file does not parse reports the parse error, not the clash', () => {
    const dir = tempDir(vendor('posthog'));
    writeFileSync(join(dir, 'mocks', 'posthog', 'lifecycle.json'), '{ "title": ');
    expect(() => createRegistry({ roots: [dir] }).get('posthog')).toThrow(/invalid JSON/);
  });
});
