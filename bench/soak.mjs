// Soak: a mock left running, driven at a steady rate with creates and polls (and a few long unknown
// paths), reporting its RSS and event-loop delay over time. With a short finished-job TTL, jobs
// expire as fast as they come, so memory must be flat once the first ones expire.
//
//   npm run soak -- --minutes 3 --rate 200
//
// The mock runs in a child process (this file with --serve), so the load generator's own work is
// not in its memory or its event-loop delay; it listens on 127.0.0.1 only.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fmt, table } from './lib.mjs';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    rate: { type: 'string', default: '200' },
    // Real seconds: the mock's TTL is clock time, so it is multiplied by the clock's speed.
    'ttl-s': { type: 'string', default: '20' },
    speed: { type: 'string', default: '10' },
    'every-s': { type: 'string', default: '15' },
    serve: { type: 'boolean' },
  },
});
const bounded = (name, lo, hi) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < lo || n > hi) throw new Error(`--${name} must be between ${lo} and ${hi}`);
  return n;
};

if (values.serve) await serveChild();
else await drive();

/** The mock: createMockServer from dist/, reporting its own numbers to the parent every second. */
async function serveChild() {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const { createMockServer } = await import('../dist/mock/listen.js');
  const { createRealClock } = await import('../dist/mock/clock.js');
  const { createRegistry } = await import('../dist/vendors/registry.js');
  const server = await createMockServer({
    registry: createRegistry(),
    host: '127.0.0.1',
    port: 0,
    clock: createRealClock({ speed: bounded('speed', 1, 10_000) }),
    finishedTtlMs: bounded('ttl-s', 0, 3600) * 1000 * bounded('speed', 1, 10_000),
    maxJobs: 100_000,
  });
  // What `jobkit serve` does once a minute, more often here so the run is short.
  const sweep = setInterval(() => server.state.sweep(), 2000);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const report = setInterval(() => {
    const m = process.memoryUsage();
    process.send?.({
      rss: m.rss,
      heap: m.heapUsed,
      jobs: server.jobs.size,
      memo: server.status.memoSize(),
      eld: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
    });
    delay.reset();
  }, 1000);
  process.send?.({ url: server.url });
  process.once('message', async () => {
    clearInterval(sweep);
    clearInterval(report);
    await server.close();
    process.disconnect();
  });
}

async function drive() {
  const minutes = bounded('minutes', 0.1, 30);
  const rate = bounded('rate', 1, 2000);
  const everyS = bounded('every-s', 1, 600);
  const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), '--serve'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let last;
  const url = await new Promise((resolve, reject) => {
    child.on('message', (m) => {
      if (m.url) resolve(m.url);
      else last = m;
    });
    child.once('exit', (code) => reject(new Error(`the mock exited with ${code}`)));
  });

  const VENDORS = ['posthog', 'fullstory', 'weaviate', 'pinpoint', 'dakera'];
  const recent = []; // status URLs of the newest jobs, polled at random
  const stats = { sent: 0, errors: 0, statuses: new Map(), latencies: [] };
  let inFlight = 0;
  let seq = 0;
  const one = async () => {
    const i = seq++;
    const start = performance.now();
    inFlight++;
    try {
      let res;
      if (i % 5 === 0 || recent.length === 0) {
        res = await fetch(`${url}/__jobkit/jobs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ vendor: VENDORS[i % VENDORS.length], scenario: 'happy' }),
        });
        const created = await res.json();
        if (created.statusUrl) {
          recent.push(created.statusUrl);
          if (recent.length > 500) recent.shift();
        }
      } else if (i % 20 === 1) {
        // A long unknown path each time: the caches must not keep them.
        res = await fetch(`${url}/v1/import/${'u'.repeat(4000)}${i}/status`);
        await res.arrayBuffer();
      } else {
        res = await fetch(recent[Math.floor(Math.random() * recent.length)]);
        await res.arrayBuffer();
      }
      const s = stats.statuses;
      s.set(res.status, (s.get(res.status) ?? 0) + 1);
    } catch {
      stats.errors++;
    } finally {
      inFlight--;
      stats.latencies.push(performance.now() - start);
    }
  };

  const rows = [];
  const started = performance.now();
  const endAt = started + minutes * 60_000;
  let nextReport = started + everyS * 1000;
  let due = 0;
  const tickMs = 20;
  while (performance.now() < endAt) {
    due += (rate * tickMs) / 1000;
    // A steady rate, but never an unbounded pile of requests if the mock falls behind.
    while (due >= 1 && inFlight < 256) {
      due--;
      stats.sent++;
      void one();
    }
    if (due > rate) due = rate;
    await new Promise((r) => setTimeout(r, tickMs));
    if (performance.now() >= nextReport && last) {
      nextReport += everyS * 1000;
      const lat = stats.latencies.sort((a, b) => a - b);
      const pct = (p) => lat[Math.min(lat.length - 1, Math.floor((lat.length * p) / 100))] ?? 0;
      rows.push([
        `${fmt((performance.now() - started) / 1000)} s`,
        fmt(stats.sent),
        fmt(last.jobs),
        fmt(last.rss / 2 ** 20, 1),
        fmt(last.heap / 2 ** 20, 1),
        fmt(last.eld.p50, 1),
        fmt(last.eld.p99, 1),
        fmt(last.eld.max, 1),
        fmt(pct(99), 1),
        fmt(stats.errors),
      ]);
      stats.latencies = [];
      process.stderr.write(`soak: ${rows.at(-1).join('  ')}\n`);
    }
  }
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
  child.send('stop');
  await new Promise((r) => child.once('exit', r));

  table(
    `jobkit mock soak: ${minutes} min at ${rate} req/s (creates 20%, polls 75%, long unknown paths 5%), finished TTL ${values['ttl-s']} s (real), clock ×${values.speed}; event-loop delay sampled every 1 ms`,
    [
      't',
      'requests',
      'jobs held',
      'RSS MiB',
      'heap MiB',
      'ELD p50 ms',
      'ELD p99 ms',
      'ELD max ms',
      'req p99 ms',
      'errors',
    ],
    rows,
  );
  const statuses = [...stats.statuses].map(([s, n]) => `${s}: ${fmt(n)}`).join(', ');
  console.log(`\nanswers: ${statuses}; errors: ${stats.errors}`);
  // Flat: the second half's RSS within 15% (or 10 MiB) of the first half's peak after warm-up.
  const rss = rows.map((r) => Number(String(r[3]).replace(/,/g, '')));
  const half = Math.floor(rss.length / 2);
  const before = Math.max(...rss.slice(1, half + 1));
  const after = Math.max(...rss.slice(half + 1));
  const flat = after <= Math.max(before * 1.15, before + 10);
  console.log(
    `RSS: peak ${fmt(before, 1)} MiB in the first half (after warm-up), ${fmt(after, 1)} MiB in the second: ${flat ? 'flat' : 'GROWING'}`,
  );
  if (!flat || stats.errors > 0) process.exitCode = 1;
}
