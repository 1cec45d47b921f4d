// Validation throughput: validate() in process per vendor, and `jobkit validate` on a large NDJSON
// file against the floor any JS validator has: reading and JSON.parse-ing the same lines.
import { execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry } from '../dist/index.js';
import { readLineBatches } from '../dist/io/lines.js';
import { fmt, QUICK, ROOT, rate, save, table } from './lib.mjs';

const registry = createRegistry();
const rows = [];
const results = { inProcess: {}, cli: {} };
for (const name of registry.names()) {
  const vendor = registry.get(name);
  const bodies = Object.values(
    JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', `${name}.valid.json`), 'utf8')),
  );
  const fn = vendor.schemas.validator(vendor.root);
  const perSecond = rate(() => {
    for (const b of bodies) if (!fn(b)) throw new Error(`${name}: fixture invalid`);
    return bodies.length;
  });
  results.inProcess[name] = perSecond;
  rows.push([name, fmt(perSecond)]);
}
table('validate() in process (valid bodies, full format checks)', ['vendor', 'bodies/s'], rows);

// A large NDJSON file of PostHog runs, about 60 MB (6 MB in quick mode).
const count = QUICK ? 20_000 : 200_000;
const file = join(tmpdir(), `jobkit-bench-${process.pid}.ndjson`);
const sample = Object.values(
  JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'posthog.valid.json'), 'utf8')),
);
const lines = [];
for (let i = 0; i < count; i++) lines.push(JSON.stringify({ ...sample[i % sample.length], cursor: `c${i}` }));
writeFileSync(file, `${lines.join('\n')}\n`);
const megabytes = statSync(file).size / 1024 ** 2;

async function parseOnly() {
  const start = performance.now();
  let n = 0;
  // The same batched line reader jobkit uses, so the floor is the fastest way either can read.
  for await (const batch of readLineBatches(createReadStream(file))) {
    for (const { text } of batch) {
      if (text !== '') {
        JSON.parse(text);
        n++;
      }
    }
  }
  return { n, ms: performance.now() - start };
}

const floor = await parseOnly();
const cliStart = performance.now();
execFileSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'validate', 'posthog', file], {
  stdio: 'pipe',
});
const cliMs = performance.now() - cliStart;
rmSync(file);

results.cli = {
  bodies: count,
  megabytes,
  parseOnlyBodiesPerSecond: (floor.n / floor.ms) * 1000,
  cliBodiesPerSecond: (count / cliMs) * 1000,
  cliMs,
  ratio: floor.ms / cliMs,
};
table(
  `jobkit validate on ${fmt(count)} NDJSON bodies (${fmt(megabytes, 1)} MB)`,
  ['what', 'time', 'bodies/s', 'vs JSON.parse floor'],
  [
    [
      'read lines + JSON.parse only (floor)',
      `${fmt(floor.ms)} ms`,
      fmt(results.cli.parseOnlyBodiesPerSecond),
      '1.00×',
    ],
    [
      'jobkit validate (CLI, end to end)',
      `${fmt(cliMs)} ms`,
      fmt(results.cli.cliBodiesPerSecond),
      `${fmt(results.cli.ratio, 2)}×`,
    ],
  ],
);
console.log(`\nwritten: ${save('validate', results)}`);
