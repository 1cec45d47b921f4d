import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createRegistry, type Vendor } from '../../src/vendors/registry.js';
import {
  cachedVerifier,
  codeKey,
  defaultCacheDir,
  type VerdictCacheOptions,
} from '../../src/verify/cache.js';
import { verifyUserVendor } from '../../src/verify/render-check.js';
import { version } from '../../src/version.js';
import { ROOT, spawnCli } from '../helpers/cli.js';
import { useTempTrees } from '../helpers/fixtures.js';

const tempDir = useTempTrees();
const NAME = 'openai-batch';
const EXAMPLE = join(ROOT, 'examples', NAME);

/** A copy of the example vendor, free to edit, and an empty folder for the records. */
function setUp(): { vendors: string; cache: string } {
  const vendors = tempDir({});
  cpSync(EXAMPLE, vendors, { recursive: true });
  return { vendors, cache: join(tempDir({}), 'records') };
}

/** The real self-check behind a counter. */
const countedCheck = () => vi.fn((vendor: Vendor) => verifyUserVendor(vendor));

/** One cold load: a fresh registry, as each CLI command makes. */
function load(vendors: string, verify: (vendor: Vendor) => void, options: VerdictCacheOptions): Vendor {
  return createRegistry({
    roots: [vendors],
    builtins: false,
    verify: cachedVerifier(verify, { env: {}, code: 'test build', ...options }),
  }).get(NAME);
}

const records = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

describe('the self-check verdict cache', () => {
  it('a second load of an unchanged example vendor skips the self-check', () => {
    const check = countedCheck();
    load(EXAMPLE, check, { dir: join(tempDir({}), 'records') });
    const dir = join(tempDir({}), 'records');
    load(EXAMPLE, check, { dir });
    expect(check).toHaveBeenCalledTimes(2); // two folders: nothing shared between them
    const second = load(EXAMPLE, check, { dir });
    expect(check).toHaveBeenCalledTimes(2);
    expect(second.name).toBe(NAME);
    expect(records(dir)).toHaveLength(1);
  });

  it('one byte more in the lifecycle file or in the schema runs it again', () => {
    const { vendors, cache } = setUp();
    const check = countedCheck();
    load(vendors, check, { dir: cache });
    load(vendors, check, { dir: cache });
    expect(check).toHaveBeenCalledTimes(1);
    appendFileSync(join(vendors, 'mocks', NAME, 'lifecycle.json'), ' ');
    load(vendors, check, { dir: cache });
    expect(check).toHaveBeenCalledTimes(2);
    load(vendors, check, { dir: cache });
    expect(check).toHaveBeenCalledTimes(2);
    appendFileSync(join(vendors, 'schemas', NAME, 'openapi.yaml'), '\n');
    load(vendors, check, { dir: cache });
    expect(check).toHaveBeenCalledTimes(3);
    expect(records(cache)).toHaveLength(1); // the vendor's record is replaced, not added to
  });

  it("another build of jobkit's code runs it again", () => {
    const { vendors, cache } = setUp();
    const check = countedCheck();
    load(vendors, check, { dir: cache, code: 'build a' });
    load(vendors, check, { dir: cache, code: 'build b' });
    load(vendors, check, { dir: cache, code: 'build b' });
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('a corrupt or foreign record is ignored and rewritten', () => {
    const { vendors, cache } = setUp();
    const check = countedCheck();
    load(vendors, check, { dir: cache });
    const [file] = records(cache);
    const path = join(cache, file as string);
    const good = readFileSync(path, 'utf8');
    for (const bad of ['{"format":', 'null', '[]', good.replace(/"key":"[0-9a-f]+"/, '"key":"0"')]) {
      writeFileSync(path, bad);
      load(vendors, check, { dir: cache });
      expect(readFileSync(path, 'utf8')).toBe(good);
    }
    expect(check).toHaveBeenCalledTimes(5);
    load(vendors, check, { dir: cache }); // the rewritten record holds
    expect(check).toHaveBeenCalledTimes(5);
  });

  it('a failed self-check is never cached', () => {
    const { vendors, cache } = setUp();
    const failing = vi.fn(() => {
      throw new Error('refused');
    });
    expect(() => load(vendors, failing, { dir: cache })).toThrow('refused');
    expect(() => load(vendors, failing, { dir: cache })).toThrow('refused');
    expect(failing).toHaveBeenCalledTimes(2);
    expect(records(cache)).toEqual([]);
  });

  it('JOBKIT_NO_CACHE=1 turns it off', () => {
    const { vendors, cache } = setUp();
    const check = countedCheck();
    for (let i = 0; i < 2; i++) load(vendors, check, { dir: cache, env: { JOBKIT_NO_CACHE: '1' } });
    expect(check).toHaveBeenCalledTimes(2);
    expect(records(cache)).toEqual([]);
    load(vendors, check, { dir: cache, env: { JOBKIT_NO_CACHE: '0' } });
    load(vendors, check, { dir: cache, env: { JOBKIT_NO_CACHE: '0' } });
    expect(check).toHaveBeenCalledTimes(3);
  });

  it('a cache folder that cannot be written still loads, checking each time', () => {
    const { vendors } = setUp();
    const blocker = join(tempDir({ 'a-file': 'not a folder' }), 'a-file');
    const check = countedCheck();
    for (let i = 0; i < 2; i++)
      expect(load(vendors, check, { dir: join(blocker, 'records') }).name).toBe(NAME);
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('built-in vendors go straight to the check, with no record', () => {
    const cache = join(tempDir({}), 'records');
    const check = vi.fn();
    const verify = cachedVerifier(check, { env: {}, code: 'test build', dir: cache });
    createRegistry({ verify }).get('posthog');
    createRegistry({ verify }).get('posthog');
    expect(check).toHaveBeenCalledTimes(2);
    expect(records(cache)).toEqual([]);
  });
});

describe('where the records go and what keys them', () => {
  it('node_modules/.cache/jobkit/ under the nearest package root, else the OS temp folder', () => {
    const root = tempDir({ 'package.json': '{}', 'a/b/.keep': '' });
    expect(defaultCacheDir(join(root, 'a', 'b'))).toBe(join(root, 'node_modules', '.cache', 'jobkit'));
    expect(defaultCacheDir('/')).toMatch(/jobkit-cache/);
  });

  it("jobkit's code is the build's hash, the version alone when installed, nothing in an unbuilt checkout", () => {
    const built = tempDir({ 'dist/precompiled/build.json': { hash: 'abc' }, 'src/x.ts': '' });
    expect(codeKey(built)).toBe(`${version()} abc`);
    expect(codeKey(tempDir({ 'src/x.ts': '' }))).toBeUndefined();
    expect(codeKey(tempDir({ 'dist/precompiled/build.json': '{"hash":' }))).toBe(version());
    expect(codeKey(ROOT)).toMatch(/^\S+ [0-9a-f]{64}$/); // the test setup builds dist/
  });

  it("the CLI records a pass under the working folder's package root, and no failure", async () => {
    const { vendors } = setUp();
    writeFileSync(join(vendors, 'package.json'), '{}');
    const dir = join(vendors, 'node_modules', '.cache', 'jobkit');
    const argv = ['validate', '--vendors', '.', NAME, 'bodies/completed.json'];
    const first = await spawnCli(argv, { cwd: vendors });
    expect(first.code, first.stderr).toBe(0);
    const [file, ...more] = records(dir);
    expect(more).toEqual([]);
    const record = readFileSync(join(dir, file as string), 'utf8');
    expect(JSON.parse(record)).toMatchObject({ vendor: NAME, passed: true });
    const again = await spawnCli(argv, { cwd: vendors });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, file as string), 'utf8')).toBe(record);

    const g2 = tempDir({ 'package.json': '{}' });
    cpSync(join(ROOT, 'examples', 'generic-202'), g2, { recursive: true });
    const lifecycle = join(g2, 'mocks', 'generic-202', 'lifecycle.json');
    writeFileSync(lifecycle, readFileSync(lifecycle, 'utf8').replace(/,\s*"scale": 1/, ''));
    const failed = await spawnCli(['vendors', '--vendors', '.'], { cwd: g2 });
    expect(failed.stderr).toMatch(/renders bodies that its own schema or rules refuse/);
    expect(failed.code).toBe(2);
    expect(records(join(g2, 'node_modules', '.cache', 'jobkit'))).toEqual([]);
  });
});
