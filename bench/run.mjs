// `npm run bench`: every benchmark, one after another, each printing its table(s) and writing
// bench/results/<name>.json. `--quick` shortens every run (CI smoke); numbers never fail a build.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { machine, ROOT } from './lib.mjs';

const suites = ['validate.mjs', 'mock.mjs'];
console.log(`# jobkit benchmarks\n\nmachine: ${machine()}`);
for (const suite of suites) {
  execFileSync(process.execPath, [join(ROOT, 'bench', suite), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
}
