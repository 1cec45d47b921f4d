import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/vendors/registry.js';
import { ROOT } from '../helpers/cli.js';

const exec = promisify(execFile);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
let dir = '';
let app = '';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// The consumer's own vitest must not take this run's worker settings for its own.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));

async function run(file: string, args: string[], input?: string): Promise<Run> {
  const child = exec(file, args, {
    cwd: app,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...env, NO_COLOR: '1' },
  });
  if (input !== undefined) child.child.stdin?.end(input);
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

// The global setup has just built dist/, so the pack skips its prepack build.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jobkit-consumer-'));
  app = join(dir, 'app');
  const source = join(ROOT, 'test', 'consumer');
  // This file and its config run the check from the repository; the project's own tests are in tests/.
  const outside = new Set(['install.test.ts', 'vitest.config.ts', 'node_modules']);
  cpSync(source, app, { recursive: true, filter: (src) => !outside.has(relative(source, src)) });
  await exec('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack wrote no tarball in ${dir}`);
  await exec('npm', ['install', '--no-audit', '--no-fund', join(dir, tarball)], { cwd: app });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball, installed in a project', () => {
  it('installs dist/ and the vendor files, not the sources', async () => {
    const installed = join(app, 'node_modules', 'jobkit');
    const top = readdirSync(installed).sort();
    expect(top).toEqual(expect.arrayContaining(['LICENSE', 'contracts', 'dist', 'docs', 'mocks', 'schemas']));
    expect(top).not.toContain('src');
    expect(top).not.toContain('test');
    expect(readdirSync(join(installed, 'dist'))).not.toContain('gen');
  });

  it('type-checks Node files using jobkit, jobkit/vendors and jobkit/vitest (src/node.ts, tests/)', async () => {
    const tsc = await run(process.execPath, [TSC, '-p', 'tsconfig.json']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });

  it('type-checks a browser file using jobkit/msw and jobkit/vendors with no Node types in the program', async () => {
    const tsc = await run(process.execPath, [TSC, '-p', 'tsconfig.browser.json']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
    const files = await run(process.execPath, [TSC, '-p', 'tsconfig.browser.json', '--listFilesOnly']);
    expect(files.stdout).toContain('node_modules/jobkit/dist/vendors-types/index.d.ts');
    expect(files.stdout).toContain('node_modules/jobkit/dist/msw/index.d.ts');
    expect(files.stdout).not.toContain('@types/node');
  });

  it('loads at run time and finds the built-in vendors', async () => {
    const node = await run(process.execPath, ['src/run.mjs']);
    expect(node.stderr).toBe('');
    const out = JSON.parse(node.stdout);
    expect(out).toEqual({
      name: 'jobkit',
      names: createRegistry().names(),
      valid: true,
      invalid: false,
      vendorsExports: [],
    });
  });

  it("runs the project's own vitest on the installed jobkit/vitest and jobkit/msw", async () => {
    const vitest = join(app, 'node_modules', 'vitest', 'vitest.mjs');
    const tests = await run(process.execPath, [vitest, 'run', '--config', 'tests/vitest.config.ts']);
    expect(tests.stdout + tests.stderr).toMatch(/Test Files {2}3 passed \(3\)/);
    expect(tests.stdout).toMatch(/Tests {2}6 passed \(6\)/);
    expect(tests.code).toBe(0);
  });

  it("the installed binary's fixtures pass its own validate --strict", async () => {
    const bin = join(app, 'node_modules', '.bin', 'jobkit');
    const fixtures = await run(bin, ['fixtures', 'pinpoint', '--scenario', 'happy']);
    expect(fixtures.code).toBe(0);
    const lines = fixtures.stdout.trimEnd().split('\n').length;
    const check = await run(bin, ['validate', 'pinpoint', '-', '--strict'], fixtures.stdout);
    expect(check.stdout).toContain(
      `${lines} bodies checked against pinpoint ExportJobResponse (strict) · all valid`,
    );
    expect(check.code).toBe(0);
  });

  it("the installed binary's types for a user's vendor compile on their own", async () => {
    const bin = join(app, 'node_modules', '.bin', 'jobkit');
    const vendors = join(ROOT, 'examples', 'openai-batch');
    const types = await run(bin, ['types', '--vendor', 'openai-batch', '--vendors', vendors]);
    expect(types.code).toBe(0);
    expect(types.stdout).toMatch(/export interface OpenaiBatchBatch \{/);
    writeFileSync(join(app, 'src', 'openai-batch.ts'), types.stdout);
    const args = [
      '--ignoreConfig',
      '--noEmit',
      '--strict',
      '--types',
      '',
      '--target',
      'es2022',
      'src/openai-batch.ts',
    ];
    const tsc = await run(process.execPath, [TSC, ...args]);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });
});
