// `npm run bench`: every benchmark, one after another, each printing its tables and writing
// bench/results/<name>.json; then one summary table against the targets. `--quick` shortens
// every run (CI smoke). Numbers never fail a build; a crash does.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, machine, QUICK, ROOT, save, table } from './lib.mjs';

const suites = ['validate.mjs', 'check.mjs', 'startup.mjs', 'memory.mjs', 'http.mjs'];
console.log(`# jobkit benchmarks${QUICK ? ' (quick)' : ''}\n\nmachine: ${machine()}`);
for (const suite of suites) {
  execFileSync(process.execPath, [join(ROOT, 'bench', suite), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
}

const read = (name) => JSON.parse(readFileSync(join(ROOT, 'bench', 'results', `${name}.json`), 'utf8'));
const http = read('http');
const startup = read('startup');
const validate = read('validate');
const memory = read('memory');
const check = read('check');
const jk = http['jobkit serve (computed from the clock)'];
const mark = (ok) => (ok ? 'met' : 'MISSED');
// Memory targets are about sizes the quick run does not reach (100,000 jobs, days, large files).
const markSized = (ok) => (QUICK ? 'n/a (quick run)' : mark(ok));
// A ratio within 10% needs the full run's interleaved 5-second rounds; one 1-second round swings more.
const markRounds = (ok) => (QUICK ? 'n/a (quick run: one short round)' : mark(ok));
const rows = [
  [
    'status GET vs prism mock (its logging off)',
    '≥ 10×',
    `${fmt(http.ratios.vsPrism, 1)}× (${fmt(jk.rps)} vs ${fmt(http['prism mock (static examples, logging off)'].rps)} req/s)`,
    mark(http.ratios.vsPrism >= 10),
  ],
  [
    'status GET vs bare node:http',
    '≥ 0.9×',
    `${fmt(http.ratios.vsBare, 2)}× (${fmt(http['bare node:http (static JSON)'].rps)} req/s bare)`,
    markRounds(http.ratios.vsBare >= 0.9),
  ],
  [
    'status GET p99, 50 connections',
    '≤ 5 ms',
    `${jk.p99} ms, ${jk.errors} errors`,
    mark(jk.p99 <= 5 && jk.errors === 0),
  ],
  ['jobkit serve ready (first 200)', '≤ 300 ms', `${fmt(startup.serveMs)} ms`, mark(startup.serveMs <= 300)],
  [
    'jobkit validate, one file (cold)',
    '≤ 200 ms',
    `${fmt(startup.validateMs)} ms (node itself: ${fmt(startup.nodeMs)} ms)`,
    mark(startup.validateMs <= 200),
  ],
  [
    'bulk validation vs JSON.parse (command vs command)',
    '≥ 0.5×',
    `${fmt(validate.cli.ratio, 2)}× (${fmt(validate.cli.cliBodiesPerSecond)} bodies/s; in process ${fmt(validate.cli.inProcessRatio, 2)}×)`,
    mark(validate.cli.ratio >= 0.5),
  ],
  [
    'bulk validation memory',
    'flat in file size',
    `peak ${validate.peak.map((p) => `${fmt(p.peakMiB)} MiB on ${fmt(p.megabytes)} MB`).join(', ')}`,
    // Five times the file must not mean noticeably more memory (the first, small file shows the
    // heap warming up, not the file).
    markSized(validate.peak[2].peakMiB <= validate.peak[1].peakMiB * 1.2),
  ],
  [
    `${fmt(memory.jobs)} jobs held`,
    '≤ 150 MB RSS',
    `${fmt(memory.heldRssMiB)} MiB`,
    markSized(memory.heldRssMiB <= 150 * 0.9537),
  ],
  [
    'RSS over simulated days',
    'flat',
    `${memory.days.map((d) => fmt(d.rssMiB)).join(' → ')} MiB`,
    // Flat: no growth from the first day to the last; GC peaks in between are shown, not hidden.
    markSized(memory.days.at(-1).rssMiB <= memory.days[0].rssMiB * 1.15),
  ],
  [
    'offline check of a recording',
    '(reported)',
    `${fmt(check.posthog.inProcess)} bodies/s in process, ${fmt(check.posthog.cli)} via the CLI (PostHog)`,
    '—',
  ],
];
table('Summary against the targets', ['measure', 'target', 'measured', ''], rows);
save('summary', { rows });
