// Mock status GET under load: autocannon, 50 connections, loopback only, bounded in time.
import autocannon from 'autocannon';
import { fmt, QUICK, save, table } from './lib.mjs';
import { post, rssMiB, startServe } from './serve-util.mjs';

const seconds = QUICK ? 1 : 5;
const server = await startServe(['--clock', 'manual', '--no-demo']);
const rows = [];
const results = {};
try {
  for (const vendor of ['posthog', 'fullstory', 'weaviate', 'pinpoint', 'dakera']) {
    const job = await post(`${server.origin}/__jobkit/jobs`, { vendor, scenario: 'stuck' });
    await post(`${server.origin}/__jobkit/clock`, { advanceMs: 0 });
    // Mid-lifecycle: a stuck job keeps running, so every answer is computed from the clock.
    await post(`${server.origin}/__jobkit/clock`, { advanceMs: 5000 });
    const r = await autocannon({ url: job.statusUrl, connections: 50, duration: seconds, pipelining: 1 });
    const errors = r.errors + r.timeouts + (r.non2xx ?? 0);
    results[vendor] = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors };
    rows.push([vendor, fmt(r.requests.average), `${r.latency.p50} ms`, `${r.latency.p99} ms`, errors]);
  }
  results.rssMiB = rssMiB(server.child.pid);
} finally {
  await server.stop();
}
table(
  `jobkit serve: status GET of a running job, 50 connections, ${seconds}s each`,
  ['vendor', 'req/s', 'p50', 'p99', 'errors'],
  rows,
);
console.log(`\nserver RSS after the runs: ${fmt(results.rssMiB, 1)} MiB`);
console.log(`written: ${save('mock', results)}`);
