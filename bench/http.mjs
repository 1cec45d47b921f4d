// Mock status GET under load, three servers measured one after another in the same run:
// jobkit serve (a job mid-lifecycle: every body computed from the clock), prism mock on jobkit's
// own OpenAPI export (static examples), and a bare node:http server sending one static body.
// autocannon, 50 connections, loopback only, bounded in time.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { fmt, QUICK, ROOT, save, table } from './lib.mjs';
import { JOBKIT, PRISM, startProcess } from './procs.mjs';
import { post } from './serve-util.mjs';

const seconds = QUICK ? 1 : 8;
const load = (url) => autocannon({ url, connections: 50, duration: seconds, pipelining: 1 });
const summary = (r) => ({
  rps: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  errors: r.errors + r.timeouts + (r.non2xx ?? 0),
});

const results = {};

// Warm-up runs are short and not reported: the JIT settles before each measured run.
async function measure(name, url, proc) {
  await autocannon({ url, connections: 50, duration: QUICK ? 0.5 : 2 });
  const r = summary(await load(url));
  results[name] = { ...r, rssMiB: proc.rss() };
}

const bare = await startProcess(
  [join(import.meta.dirname, 'bare-server.mjs')],
  /listening on (http:\/\/127\.0\.0\.1:\d+)/,
);
try {
  await measure('bare node:http (static JSON)', `${bare.origin}/`, bare);
} finally {
  await bare.stop();
}

const jobkit = await startProcess(
  [JOBKIT, 'serve', '--port', '0', '-q', '--no-demo'],
  /on (http:\/\/127\.0\.0\.1:\d+)/,
);
const vendorRates = {};
try {
  for (const vendor of ['posthog', 'fullstory', 'weaviate', 'pinpoint', 'dakera']) {
    // A stuck job keeps running: each answer is computed from the real clock, never cached.
    const job = await post(`${jobkit.origin}/__jobkit/jobs`, { vendor, scenario: 'stuck' });
    await new Promise((r) => setTimeout(r, 50));
    if (vendor === 'posthog') {
      await measure('jobkit serve (computed from the clock)', job.statusUrl, jobkit);
    } else {
      vendorRates[vendor] = summary(
        await autocannon({ url: job.statusUrl, connections: 50, duration: QUICK ? 0.5 : 3 }),
      );
    }
  }
} finally {
  await jobkit.stop();
}

// The same, with the per-millisecond reuse of rendered bodies turned off: every answer rendered.
const uncached = await startProcess(
  [JOBKIT, 'serve', '--port', '0', '-q', '--no-demo'],
  /on (http:\/\/127\.0\.0\.1:\d+)/,
  {
    env: { JOBKIT_BODY_CACHE: '0' },
  },
);
try {
  const job = await post(`${uncached.origin}/__jobkit/jobs`, { vendor: 'posthog', scenario: 'stuck' });
  await measure('jobkit serve, every body rendered (no reuse)', job.statusUrl, uncached);
} finally {
  await uncached.stop();
}

const spec = join(tmpdir(), `jobkit-bench-${process.pid}.openapi.json`);
const { buildOpenApi, createRegistry } = await import('../dist/index.js');
writeFileSync(spec, JSON.stringify(buildOpenApi({ registry: createRegistry() })));
const prism = await startProcess(
  [PRISM, 'mock', spec, '-p', String(40000 + (process.pid % 20000)), '-h', '127.0.0.1'],
  /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/,
  { timeoutMs: 60_000 },
);
try {
  await measure(
    'prism mock (static examples)',
    `${prism.origin}/api/projects/1/batch_exports/0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60/runs/0190a3c4-1111-4abc-8def-0123456789ab/`,
    prism,
  );
} finally {
  await prism.stop();
}

const jk = results['jobkit serve (computed from the clock)'];
const pr = results['prism mock (static examples)'];
const bn = results['bare node:http (static JSON)'];
results.ratios = { vsPrism: jk.rps / pr.rps, vsBare: jk.rps / bn.rps };
results.otherVendors = vendorRates;
table(
  `Mock status GET, PostHog run, 50 connections, ${seconds} s each`,
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
