import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/** Node's built-in modules, by either name. */
const NODE_BUILTIN =
  /^node:|^(fs|fs\/promises|path|http|https|net|crypto|module|url|os|stream|util|zlib|child_process|worker_threads)$/;

/** Bundles an entry for the browser, and says which Node built-ins it imports, and from where. */
async function browserBundle(entry: string) {
  const builtins: string[] = [];
  const spy: Plugin = {
    name: 'node-builtins',
    setup(b) {
      b.onResolve({ filter: NODE_BUILTIN }, (args) => {
        builtins.push(`${args.path} (imported by ${args.importer.replace(`${ROOT}/`, '')})`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [spy],
  });
  return { builtins, text: result.outputFiles[0]?.text ?? '' };
}

describe('jobkit/msw in a browser bundle', () => {
  it('src/msw bundles for the browser with no Node built-in on its path', async () => {
    const { builtins, text } = await browserBundle('src/msw/index.ts');
    expect(builtins).toEqual([]);
    // The engine, the mock and the built-in vendors are in it (the bundle is not empty by accident).
    expect(text).toContain('jobkit-vendor-bundle/1');
    expect(text).toContain('route_not_found');
  });

  it('the check finds a Node built-in when one is on the path', async () => {
    // The Node registry reads files: the same check must name node:fs for it.
    const { builtins } = await browserBundle('src/vendors/registry.ts');
    expect(builtins.some((b) => b.startsWith('node:fs'))).toBe(true);
  });
});
