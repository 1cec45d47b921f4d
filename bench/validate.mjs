// Validation throughput: validate() in process per vendor, and bulk validation of a large
// NDJSON file against the floor any JS validator has: reading and JSON.parse-ing the same
// lines. Compared like with like: in process with in process, a command with a command.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { READ_CHUNK_BYTES } from '../dist/io/bodies.js';
import { readFileChunks, readLineBatches } from '../dist/io/lines.js';
import { validateInputs } from '../dist/validate/run.js';
import { createRegistry } from '../dist/vendors/registry.js';
import { fmt, median, QUICK, ROOT, rate, save, table } from './lib.mjs';
import { JOBKIT } from './procs.mjs';

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

// A large NDJSON file of PostHog runs, about 94 MB (9 MB in quick mode).
const count = QUICK ? 20_000 : 200_000;
const file = join(tmpdir(), `jobkit-bench-${process.pid}.ndjson`);
const sample = Object.values(
  JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'posthog.valid.json'), 'utf8')),
);
const lines = [];
for (let i = 0; i < count; i++) lines.push(JSON.stringify({ ...sample[i % sample.length], cursor: `c${i}` }));
writeFileSync(file, `${lines.join('\n')}\n`);
const megabytes = statSync(file).size / 1024 ** 2;

// The same batched line reader and chunk size jobkit uses: the fastest way either can read.
async function parseOnly() {
  const start = performance.now();
  for await (const batch of readLineBatches(readFileChunks(file, READ_CHUNK_BYTES))) {
    for (const { text } of batch) {
      if (text !== '') JSON.parse(text);
    }
  }
  return performance.now() - start;
}

const runs = QUICK ? 1 : 5;
const floorIn = [];
const validIn = [];
const floorCmd = [];
const validCmd = [];
for (let i = 0; i < runs; i++) {
  floorIn.push(await parseOnly());
  let t0 = performance.now();
  const summary = await validateInputs({ vendor: registry.get('posthog'), inputs: [file] });
  validIn.push(performance.now() - t0);
  if (summary.valid !== count) throw new Error('the benchmark bodies should all be valid');
  t0 = performance.now();
  execFileSync(process.execPath, [join(ROOT, 'bench', 'parse-floor.mjs'), file], { stdio: 'pipe' });
  floorCmd.push(performance.now() - t0);
  t0 = performance.now();
  execFileSync(process.execPath, [JOBKIT, 'validate', 'posthog', file], {
    stdio: 'pipe',
  });
  validCmd.push(performance.now() - t0);
}
// Streaming: the command's peak RSS should not follow the file's size. Measured on a tenth of the
// file, the file, and five times the file (the same lines again).
const small = join(tmpdir(), `jobkit-bench-${process.pid}-small.ndjson`);
const big = join(tmpdir(), `jobkit-bench-${process.pid}-big.ndjson`);
writeFileSync(small, `${lines.slice(0, count / 10).join('\n')}\n`);
const whole = readFileSync(file);
writeFileSync(big, whole);
for (let i = 1; i < 5; i++) appendFileSync(big, whole);
const peakMiB = (path) => {
  const res = spawnSync(
    process.execPath,
    ['--require', join(ROOT, 'bench', 'peak-rss.cjs'), JOBKIT, 'validate', 'posthog', path],
    { encoding: 'utf8' },
  );
  const m = /peak-rss-kib (\d+)/.exec(res.stderr);
  if (res.status !== 0 || !m) throw new Error(`jobkit validate failed on ${path}:\n${res.stderr}`);
  return Number(m[1]) / 1024;
};
results.peak = [
  [small, count / 10],
  [file, count],
  [big, count * 5],
].map(([path, bodies]) => ({ bodies, megabytes: statSync(path).size / 1024 ** 2, peakMiB: peakMiB(path) }));
rmSync(small);
rmSync(big);
rmSync(file);
const perSec = (ms) => (count / ms) * 1000;
results.cli = {
  bodies: count,
  megabytes,
  floorInProcessMs: median(floorIn),
  inProcessMs: median(validIn),
  inProcessRatio: median(floorIn) / median(validIn),
  floorCommandMs: median(floorCmd),
  cliMs: median(validCmd),
  cliBodiesPerSecond: perSec(median(validCmd)),
  ratio: median(floorCmd) / median(validCmd),
};
const r = results.cli;
table(
  `Bulk validation: ${fmt(count)} NDJSON PostHog bodies (${fmt(megabytes, 1)} MB), full format checks, median of ${runs}`,
  ['what', 'time', 'bodies/s', 'vs its JSON.parse floor'],
  [
    [
      'in process: read lines + JSON.parse only (floor)',
      `${fmt(r.floorInProcessMs)} ms`,
      fmt(perSec(r.floorInProcessMs)),
      '1.00×',
    ],
    [
      'in process: validateInputs()',
      `${fmt(r.inProcessMs)} ms`,
      fmt(perSec(r.inProcessMs)),
      `${fmt(r.inProcessRatio, 2)}×`,
    ],
    [
      'command: node reading + JSON.parse only (floor)',
      `${fmt(r.floorCommandMs)} ms`,
      fmt(perSec(r.floorCommandMs)),
      '1.00×',
    ],
    [
      'command: jobkit validate posthog FILE',
      `${fmt(r.cliMs)} ms`,
      fmt(r.cliBodiesPerSecond),
      `${fmt(r.ratio, 2)}×`,
    ],
  ],
);
table(
  'Peak RSS of jobkit validate posthog FILE (streaming: it should not follow the file size)',
  ['file', 'peak RSS'],
  results.peak.map((p) => [`${fmt(p.bodies)} bodies, ${fmt(p.megabytes, 1)} MB`, `${fmt(p.peakMiB, 1)} MiB`]),
);
console.log(`\nwritten: ${save('validate', results)}`);
