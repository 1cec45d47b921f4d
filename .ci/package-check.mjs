#!/usr/bin/env node
// The package as npm would publish it: `npm pack` (its prepack builds dist/), then publint on the
// tarball (package.json's fields against the files it ships) and arethetypeswrong on the same
// tarball (every `exports` entry resolves to types under TypeScript's node16 and bundler modes).
// An entry whose build is not there yet (./vitest and ./msw before their code lands) is reported
// and left out of both checks, so this step passes on the parts that exist.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'jobkit-pack-'));
try {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The prepack build prints on stdout too; npm's JSON is the array at the end.
  const packed = JSON.parse(out.slice(out.search(/^\[/m)));
  const tarball = join(dir, packed[0].filename);
  const files = packed[0].files.map((f) => f.path);
  const absent = Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && !existsSync(join(root, target.import)))
    .map(([entry]) => entry);
  for (const entry of absent)
    console.log(`package: ${entry} is not built yet (no ${pkg.exports[entry].import}); not checked`);
  console.log(
    `package: ${packed[0].filename}, ${files.length} files, ${(packed[0].size / 1024).toFixed(0)} kB`,
  );

  // What the tarball must and must not hold, beyond what publint knows to ask.
  const wrong = [
    ...['LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/vendors-types/index.d.ts']
      .filter((f) => !files.includes(f))
      .map((f) => `missing ${f}`),
    ...files.filter((f) => /^(test|src|dist\/gen)\//.test(f) || f.endsWith('.map')).map((f) => `ships ${f}`),
  ];
  if ('prepare' in (pkg.scripts ?? {})) wrong.push('a prepare script runs a build on every install');

  const { messages } = await publint({
    pack: { tarball: new Uint8Array(readFileSync(tarball)).buffer },
    strict: true,
  });
  const shown = messages.filter((m) => !(m.path[0] === 'exports' && absent.includes(m.path[1])));
  for (const m of shown) console.log(`publint ${m.type}: ${formatMessage(m, pkg, { color: false })}`);

  // ESM-only (engines: node >= 20): CommonJS `require` and node10 resolution are not offered.
  const attw = ['attw', tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color'];
  if (absent.length > 0) attw.push('--exclude-entrypoints', ...absent);
  let attwFailed = false;
  try {
    console.log(execFileSync('npx', attw, { cwd: root, encoding: 'utf8' }).trimEnd());
  } catch (error) {
    console.log(String(error.stdout ?? error.message).trimEnd());
    attwFailed = true;
  }
  for (const w of wrong) console.log(`package: ${w}`);
  if (wrong.length > 0 || shown.length > 0 || attwFailed) process.exit(1);
  console.log('package: publint and arethetypeswrong clean');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
