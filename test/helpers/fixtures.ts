import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { createRegistry } from '../../src/vendors/registry.js';
import { ROOT } from './cli.js';

/** The built-in vendors, from the registry: a new vendor folder is tested by adding it. */
export const VENDORS: readonly string[] = createRegistry().names();
export type VendorName = string;

/** Documented real bodies, by description. */
export function realBodies(vendor: VendorName): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', `${vendor}.valid.json`), 'utf8'));
}

export function firstBody(vendor: VendorName): Record<string, unknown> {
  return structuredClone(Object.values(realBodies(vendor))[0] as Record<string, unknown>);
}

/**
 * Temporary folder trees for the tests of one file: the returned function makes one and gives its
 * path; every tree is removed after each test.
 */
export function useTempTrees(): (files: Record<string, string | object>) => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  return (files) => {
    const tree = tempTree(files);
    cleanups.push(tree.cleanup);
    return tree.dir;
  };
}

/** A temporary folder tree from a map of relative paths to contents; removed by the returned function. */
export function tempTree(files: Record<string, string | object>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'jobkit-test-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
