// Start-up: `jobkit serve` from spawn to its first 200, and a cold `jobkit validate` of one small
// file, end to end (median of several runs); Prism's start for comparison.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, median, QUICK, save, table } from './lib.mjs';
import { JOBKIT, PRISM, startProcess, writeSpec } from './procs.mjs';

const runs = QUICK ? 3 : 9;

const serve = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const p = await startProcess([JOBKIT, 'serve', '--port', '0', '-q'], /on (http:\/\/127\.0\.0\.1:\d+)/);
  const res = await fetch(`${p.origin}/v1/meta`);
  await res.text();
  serve.push(performance.now() - t0);
  await p.stop();
}

const file = join(tmpdir(), `jobkit-bench-one-${process.pid}.json`);
writeFileSync(
  file,
  JSON.stringify({
    job_id: 'imp-1',
    status: 'running',
    format: 'jsonl',
    total: 10,
    imported: 1,
    skipped: 0,
    errors: [],
    started_at: 1717000000,
  }),
);
const validate = [];
try {
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [JOBKIT, 'validate', 'dakera', file]);
    if (r.status !== 0) throw new Error(`validate failed: ${r.stderr}`);
    validate.push(performance.now() - t0);
  }
} finally {
  rmSync(file);
}
const bareNode = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  bareNode.push(performance.now() - t0);
}

const spec = await writeSpec();
let prismMs;
try {
  const t0 = performance.now();
  const prism = await startProcess(
    [PRISM, 'mock', spec, '-p', String(42000 + (process.pid % 20000)), '-h', '127.0.0.1'],
    /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/,
    { timeoutMs: 60_000 },
  );
  await (await fetch(`${prism.origin}/v1/meta`)).text();
  prismMs = performance.now() - t0;
  await prism.stop();
} finally {
  rmSync(spec);
}

const results = {
  serveMs: median(serve),
  validateMs: median(validate),
  nodeMs: median(bareNode),
  prismMs,
  runs,
};
table(
  `Start-up (median of ${runs})`,
  ['what', 'time'],
  [
    ['jobkit serve → first 200', `${fmt(results.serveMs)} ms`],
    ['jobkit validate, one small file (cold CLI)', `${fmt(results.validateMs)} ms`],
    ['node -e 0 (the floor of any CLI)', `${fmt(results.nodeMs)} ms`],
    ['prism mock → first 200 (one run)', `${fmt(results.prismMs)} ms`],
  ],
);
console.log(`written: ${save('startup', results)}`);
