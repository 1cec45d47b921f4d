import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CLI tests run the built binary as users do (precompiled validators included), so the build must be current. */
export default function setup(): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const run = (...args: string[]) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  run(join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json');
  // The same second step as `npm run build`: without it a fresh dist/ has no precompiled validators.
  run(join(root, 'dist', 'precompile.js'));
}
