import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Job } from '../../src/lifecycle/engine.js';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { tempTree } from '../helpers/fixtures.js';
import { relayVendorFiles } from '../helpers/relay-vendor.js';

/**
 * The node:http fast path and Hono answer a status GET with the same functions; this checks the
 * whole answer (status, every header but Date, body) on two real listeners made alike, one with
 * the fast path and one forced through Hono, over random paths, ids and job states. Besides the
 * built-ins, a user vendor whose status route sends headers templated with the job (relay).
 */

const relay = tempTree(relayVendorFiles());
afterAll(() => relay.cleanup());
const registry = createRegistry({ roots: [relay.dir] });
const VENDORS = registry.names();
const START = Date.UTC(2026, 3, 1);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

interface Seen {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Request ids are fresh per answer, and the listeners' ports differ: compared as shapes. */
const masked = (text: string, origin: string) => text.replace(UUID, '<uuid>').replaceAll(origin, '<origin>');

async function fetchAll(origin: string, path: string): Promise<Seen> {
  const res = await fetch(`${origin}${path}`, { headers: { origin: 'http://localhost:5173' } });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name !== 'date') headers[name] = masked(value, origin);
  });
  return { status: res.status, headers, body: masked(await res.text(), origin) };
}

describe('fast path and Hono give the same status answers', () => {
  let fast: MockServer;
  let hono: MockServer;
  const paths: string[] = [];
  const jobs: [Job, Job][] = [];

  beforeAll(async () => {
    const options = { registry, seed: 21 };
    fast = await createMockServer({ ...options, clock: createManualClock(START) });
    hono = await createMockServer({ ...options, clock: createManualClock(START), fastPath: false });
    for (const vendor of VENDORS) {
      for (const scenario of fast.state.vendorOf(vendor).scenarioList) {
        const a = fast.state.createJob({ vendor, scenario });
        const b = hono.state.createJob({ vendor, scenario });
        jobs.push([a, b]);
        paths.push(fast.state.statusPath(a) as string);
      }
    }
  });
  afterAll(async () => {
    await fast.close();
    await hono.close();
  });

  /** A known job's path, or one bent out of shape: another id, another scope, odd encodings. */
  const pathArb = fc
    .tuple(
      fc.nat(),
      fc.constantFrom('as is', 'other id', 'other scope', 'bad encoding', 'encoded', 'query', 'bad param'),
      fc.stringMatching(/^[a-z0-9%.-]{1,12}$/),
    )
    .map(([i, how, noise]) => {
      const path = paths[i % paths.length] as string;
      const parts = path.split('/');
      const last = parts.findLastIndex((p) => p !== '' && p !== 'status');
      const at = (index: number, value: string) => parts.map((p, k) => (k === index ? value : p)).join('/');
      if (how === 'other id') return at(last, noise);
      if (how === 'other scope') return path.replace(/\/(\d+|[0-9a-f-]{36})\//, `/${noise}/`);
      if (how === 'bad encoding') return at(last, `${parts[last]}%E0%A4%A`);
      if (how === 'encoded') return at(last, encodeURIComponent(`${parts[last]}`).replace(/-/g, '%2D'));
      if (how === 'query') return `${path}?${noise}=1`;
      if (how === 'bad param') return path.replace(/\/v1\/export\/[a-z]+\//, `/v1/export/${noise}/`);
      return path;
    });

  const stepArb = fc.record({
    path: pathArb,
    advanceMs: fc.constantFrom(0, 0, 1, 700, 5000, 60_000),
    end: fc.option(fc.tuple(fc.nat(), fc.constantFrom('complete', 'fail', 'cancel' as const)), { freq: 4 }),
  });

  it('status, headers and body agree, step after step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 8 }), async (steps) => {
        for (const step of steps) {
          fast.clock.advance(step.advanceMs);
          hono.clock.advance(step.advanceMs);
          if (step.end) {
            const [i, action] = step.end;
            const [a, b] = jobs[i % jobs.length] as [Job, Job];
            expect(fast.state.end(a, action)).toEqual(hono.state.end(b, action));
          }
          const [viaFast, viaHono] = await Promise.all([
            fetchAll(fast.url, step.path),
            fetchAll(hono.url, step.path),
          ]);
          expect(viaFast, step.path).toEqual(viaHono);
        }
      }),
      {
        numRuns: 60,
        // Found by an unseeded run: a malformed escape next to a valid one (Hono decodes the valid one).
        examples: [[[{ path: '/v1/export/%00%a/export-1wguifkl', advanceMs: 0, end: null }]]],
      },
    );
  });

  it('the fast path does answer these paths itself', async () => {
    // Without this, both listeners could be answering through Hono and agree trivially.
    // A vendor with a request window (Dakera) is left to Hono: its paths are declined, the rest answered.
    const limited = jobs
      .filter(([a]) => registry.get(a.vendor).lifecycle.api?.rateLimit)
      .map(([a]) => fast.state.statusPath(a) as string);
    expect(limited.length).toBeGreaterThan(0);
    for (const path of paths) {
      if (limited.includes(path)) expect(fast.status.answer(path), path).toBeUndefined();
      else expect(fast.status.answer(path), path).toBeDefined();
    }
  });

  it('the vendor with job headers is among them, and its headers are sent', async () => {
    expect(VENDORS).toContain('relay');
    const path = paths.find((p) => p.startsWith('/relay/')) as string;
    const seen = await fetchAll(fast.url, path);
    expect(Object.keys(seen.headers)).toEqual(
      expect.arrayContaining(['x-relay-state', 'x-relay-echo', 'content-location']),
    );
    expect(seen.headers['content-location']).toBe(`<origin>${path}`);
  });
});
