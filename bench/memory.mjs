// Memory of `jobkit serve`: RSS after creating 100,000 jobs; and over many simulated days, with
// finished jobs expiring, RSS stays flat.
import { fmt, QUICK, save, table } from './lib.mjs';
import { JOBKIT, startProcess } from './procs.mjs';
import { post } from './serve-util.mjs';

const VENDORS = ['posthog', 'fullstory', 'weaviate', 'pinpoint', 'dakera'];
const perVendor = QUICK ? 2000 : 20_000;

async function create(origin, scenario, perVendorCount) {
  for (const vendor of VENDORS) {
    for (let left = perVendorCount; left > 0; left -= 10_000) {
      await post(`${origin}/__jobkit/jobs`, { vendor, scenario, count: Math.min(10_000, left) });
    }
  }
}

const results = {};
const held = await startProcess(
  [JOBKIT, 'serve', '--port', '0', '-q', '--no-demo', '--clock', 'manual'],
  /on (http:\/\/127\.0\.0\.1:\d+)/,
);
try {
  results.startRssMiB = held.rss();
  const t0 = performance.now();
  await create(held.origin, 'stuck', perVendor);
  results.createMs = performance.now() - t0;
  results.jobs = perVendor * VENDORS.length;
  results.heldRssMiB = held.rss();
} finally {
  await held.stop();
}

// Days of traffic: each "day" creates a day's jobs that finish within minutes; the clock then
// moves past the finished-job TTL (1 h here), and the next creations sweep the expired ones.
const days = QUICK ? 3 : 7;
const flat = await startProcess(
  [JOBKIT, 'serve', '--port', '0', '-q', '--no-demo', '--clock', 'manual', '--finished-ttl', '3600'],
  /on (http:\/\/127\.0\.0\.1:\d+)/,
);
results.days = [];
try {
  for (let day = 1; day <= days; day++) {
    await create(flat.origin, 'happy', perVendor);
    await post(`${flat.origin}/__jobkit/clock`, { advanceMs: 24 * 3600_000 });
    const jobs = (await (await fetch(`${flat.origin}/__jobkit/jobs?limit=1`)).json()).total;
    results.days.push({ day, jobs, rssMiB: flat.rss() });
  }
} finally {
  await flat.stop();
}

table(
  `jobkit serve memory (${fmt(results.jobs)} jobs)`,
  ['what', 'value'],
  [
    ['RSS at start', `${fmt(results.startRssMiB, 1)} MiB`],
    [`RSS holding ${fmt(results.jobs)} jobs`, `${fmt(results.heldRssMiB, 1)} MiB`],
    ['time to create them (admin API, bulk)', `${fmt(results.createMs)} ms`],
  ],
);
table(
  `${days} simulated days, ${fmt(results.jobs)} jobs a day, finished jobs expire after 1 h`,
  ['day', 'jobs held', 'RSS'],
  results.days.map((d) => [d.day, fmt(d.jobs), `${fmt(d.rssMiB, 1)} MiB`]),
);
console.log(`written: ${save('memory', results)}`);
