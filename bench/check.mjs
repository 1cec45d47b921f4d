// Offline contract check of a long recorded sequence: bodies per second, in process
// (SequenceChecker: schema + lifecycle rules per body) and through `jobkit check --recording`.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManualClock } from '../dist/mock/clock.js';
import { createMockState } from '../dist/mock/state.js';
import { SequenceChecker } from '../dist/rules/check.js';
import { createRegistry } from '../dist/vendors/registry.js';
import { fmt, QUICK, save, table } from './lib.mjs';
import { JOBKIT } from './procs.mjs';

const count = QUICK ? 20_000 : 200_000;
const registry = createRegistry();
const results = {};
const rows = [];
for (const vendor of ['pinpoint', 'posthog', 'weaviate']) {
  // A slow job polled `count` times over its whole life: a legal, long sequence.
  const mock = createMockState({
    registry,
    vendors: [vendor],
    seed: 3,
    clock: createManualClock(Date.UTC(2026, 0, 1)),
  });
  const job = mock.createJob({ vendor, scenario: 'slow' });
  const mv = mock.vendors.get(vendor);
  const span = 12 * 60_000;
  const lines = [];
  for (let i = 0; i < count; i++)
    lines.push(JSON.stringify(mv.body(job, job.createdAt + Math.floor((i * span) / count))));
  const bodies = lines.map((l) => JSON.parse(l));

  const checker = new SequenceChecker(registry.get(vendor));
  let t0 = performance.now();
  let violations = 0;
  for (const body of bodies) violations += checker.check(body).length;
  const inProcess = (count / (performance.now() - t0)) * 1000;
  if (violations > 0) throw new Error(`${vendor}: the recorded sequence broke ${violations} rules`);

  const file = join(tmpdir(), `jobkit-bench-rec-${vendor}-${process.pid}.ndjson`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  t0 = performance.now();
  const r = spawnSync(process.execPath, [
    JOBKIT,
    'check',
    '--vendor',
    vendor,
    '--recording',
    file,
    '--reporter',
    'json',
  ]);
  const cliMs = performance.now() - t0;
  rmSync(file);
  if (r.status !== 0)
    throw new Error(`check failed (${r.status}): ${String(r.stdout).slice(0, 500)}${r.stderr}`);
  results[vendor] = { bodies: count, inProcess, cli: (count / cliMs) * 1000, cliMs };
  rows.push([vendor, fmt(count), fmt(inProcess), fmt(results[vendor].cli), `${fmt(cliMs)} ms`]);
}
table(
  'Offline contract check of a recorded sequence (schema + lifecycle rules)',
  ['vendor', 'bodies', 'in process, bodies/s', 'jobkit check --recording, bodies/s', 'CLI time'],
  rows,
);
console.log(`written: ${save('check', results)}`);
