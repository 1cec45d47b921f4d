// Mock status GET under load, in one run: jobkit serve (a job mid-lifecycle: every body computed
// from the clock), a bare node:http server sending one static body (the Node limit), and prism
// mock on jobkit's own OpenAPI export. autocannon, 50 connections, loopback only, bounded in time.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { fmt, median, QUICK, save, table } from './lib.mjs';
import { JOBKIT, PRISM, startProcess, writeSpec } from './procs.mjs';
import { post } from './serve-util.mjs';

const seconds = QUICK ? 1 : 5;
const load = (url) => autocannon({ url, connections: 50, duration: seconds, pipelining: 1 });
const summary = (r) => ({
  rps: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors + r.timeouts + (r.non2xx ?? 0),
});

const results = {};
// Dakera's request window (10,000 a minute per credential by default) would refuse most of a load
// test with 429s: it is off here, so every vendor's row measures answering, not refusing.
const NO_WINDOW = ['--rate-limit', 'dakera=off'];

// Warm-up runs are short and not reported: the JIT settles before each measured run.
async function measure(name, url, proc) {
  await autocannon({ url, connections: 50, duration: QUICK ? 0.5 : 2 });
  const r = summary(await load(url));
  results[name] = { ...r, rssMiB: proc.rss() };
}

// The bare server and jobkit (with and without body reuse) run side by side and are loaded in
// turn, round after round; each reports its median round. A shared machine drifts by tens of
// percent over a minute, and interleaving lets the drift hit every server alike.
const servers = [
  {
    name: 'bare node:http (static JSON)',
    proc: await startProcess(
      [join(import.meta.dirname, 'bare-server.mjs')],
      /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    ),
  },
  {
    name: 'jobkit serve (computed from the clock)',
    proc: await startProcess(
      [JOBKIT, 'serve', '--port', '0', '-q', '--no-demo', ...NO_WINDOW],
      /on (http:\/\/127\.0\.0\.1:\d+)/,
    ),
  },
  {
    name: 'jobkit serve, every body rendered (no reuse)',
    proc: await startProcess(
      [JOBKIT, 'serve', '--port', '0', '-q', '--no-demo', ...NO_WINDOW],
      /on (http:\/\/127\.0\.0\.1:\d+)/,
      {
        env: { JOBKIT_BODY_CACHE: '0' },
      },
    ),
  },
];
const rounds = QUICK ? 1 : 3;
const vendorRates = {};
try {
  const [bare, jobkit, uncached] = servers;
  bare.url = `${bare.proc.origin}/`;
  // A stuck job keeps running: each answer is computed from the real clock (a body is reused only
  // within the clock millisecond it was rendered in; the no-reuse server never reuses).
  for (const s of [jobkit, uncached]) {
    s.url = (
      await post(`${s.proc.origin}/__jobkit/jobs`, { vendor: 'posthog', scenario: 'stuck' })
    ).statusUrl;
  }
  for (const s of servers) await autocannon({ url: s.url, connections: 50, duration: QUICK ? 0.5 : 2 });
  const runs = new Map(servers.map((s) => [s.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const s of servers) runs.get(s.name).push({ ...summary(await load(s.url)), rssMiB: s.proc.rss() });
  }
  for (const s of servers) {
    const rs = runs.get(s.name);
    // The median rate; the worst p99 and every error of all rounds.
    results[s.name] = {
      rps: median(rs.map((r) => r.rps)),
      p50: median(rs.map((r) => r.p50)),
      p99: Math.max(...rs.map((r) => r.p99)),
      errors: rs.reduce((n, r) => n + r.errors, 0),
      rssMiB: Math.max(...rs.map((r) => r.rssMiB)),
      rounds: rs.map((r) => r.rps),
    };
  }

  for (const vendor of ['fullstory', 'weaviate', 'pinpoint', 'dakera']) {
    const job = await post(`${jobkit.proc.origin}/__jobkit/jobs`, { vendor, scenario: 'stuck' });
    vendorRates[vendor] = summary(
      await autocannon({ url: job.statusUrl, connections: 50, duration: QUICK ? 0.5 : 3 }),
    );
  }
} finally {
  for (const s of servers) await s.proc.stop();
}

// Prism at its fastest (logging off: its default info log costs it about half its rate), then as
// users run it by default, and generating bodies (-d) as jobkit does.
const RUN =
  '/api/projects/1/batch_exports/0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60/runs/0190a3c4-1111-4abc-8def-0123456789ab/';
const prismRuns = [
  ['prism mock (static examples, logging off)', ['-v', 'silent']],
  ...(QUICK
    ? []
    : [
        ['prism mock (static examples, default logging)', []],
        ['prism mock -d (generated bodies, logging off)', ['-d', '-v', 'silent']],
      ]),
];
const spec = await writeSpec();
try {
  for (const [name, flags] of prismRuns) {
    const port = 40000 + (process.pid % 20000);
    const prism = await startProcess(
      [PRISM, 'mock', spec, '-p', String(port), '-h', '127.0.0.1', ...flags],
      `http://127.0.0.1:${port}${RUN}`,
      { timeoutMs: 60_000 },
    );
    try {
      await measure(name, `${prism.origin}${RUN}`, prism);
    } finally {
      await prism.stop();
    }
  }
} finally {
  rmSync(spec);
}

const jk = results['jobkit serve (computed from the clock)'];
const pr = results['prism mock (static examples, logging off)'];
const bn = results['bare node:http (static JSON)'];
results.ratios = { vsPrism: jk.rps / pr.rps, vsBare: jk.rps / bn.rps };
results.otherVendors = vendorRates;
table(
  `Mock status GET, PostHog run, 50 connections, ${seconds} s per run (node:http and jobkit: median of ${rounds} interleaved rounds, worst p99)`,
  ['server', 'req/s', 'p50', 'p99', 'errors', 'RSS'],
  Object.entries(results)
    .filter(([k]) => !['ratios', 'otherVendors'].includes(k))
    .map(([name, r]) => [name, fmt(r.rps), `${r.p50} ms`, `${r.p99} ms`, r.errors, `${fmt(r.rssMiB)} MiB`]),
);
console.log(
  `\njobkit / prism mock: ${fmt(results.ratios.vsPrism, 1)}×   jobkit / bare node:http: ${fmt(results.ratios.vsBare, 2)}×`,
);
table(
  'jobkit serve, other vendors (status GET of a running job)',
  ['vendor', 'req/s', 'p99', 'errors'],
  Object.entries(vendorRates).map(([v, r]) => [v, fmt(r.rps), `${r.p99} ms`, r.errors]),
);
console.log(`written: ${save('http', results)}`);
