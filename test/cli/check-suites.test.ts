import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSuiteLoader, runSuites } from '../../src/contract/suite.js';
import type { CheckReport } from '../../src/contract/types.js';
import { createRealClock } from '../../src/mock/clock.js';
import { createMockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli, ROOT } from '../helpers/cli.js';
import { useTempTrees } from '../helpers/fixtures.js';
import { type GatedServer, gatedServer } from '../helpers/gated-server.js';

const files = useTempTrees();
const registry = createRegistry();
const SUITES = registry.names().map((v) => join(ROOT, 'contracts', `${v}.yaml`));

describe('check <suites>: usage errors exit 2 before any request', () => {
  let server: GatedServer;
  beforeAll(async () => {
    server = await gatedServer({ a: [{}] });
  });
  afterAll(async () => {
    await server.close();
  });

  const suite = (extra: string) =>
    `name: s\nvendor: ${registry.names()[0]}\n${extra}steps:\n  - name: p\n    poll: { path: /jobs/a }\n`;

  it.each([
    [
      'a suite without a base URL',
      suite(''),
      [],
      /s\.yaml#\/steps\/0\/poll\/path: no base URL .* pass --base-url/,
    ],
    ['an invalid --base-url', suite(''), ['--base-url', 'notaurl'], /--base-url must be an http\(s\) URL/],
    ['an invalid baseUrl', suite('baseUrl: notaurl\n'), [], /s\.yaml#\/baseUrl: the base URL "notaurl"/],
    [
      'a bad header',
      suite('headers: { "Bad Name": x }\n'),
      ['--base-url', 'ORIGIN'],
      /"Bad Name" is not a valid header name/,
    ],
    [
      'an undefined variable',
      suite('').replace('/jobs/a', '"/jobs/{constructor}"'),
      ['--base-url', 'ORIGIN'],
      /s\.yaml#\/steps\/0\/poll\/path: \{constructor\} is not defined/,
    ],
    [
      'a bad --concurrency',
      suite(''),
      ['--base-url', 'ORIGIN', '--concurrency', '0'],
      /--concurrency must be a whole number of at least 1/,
    ],
  ])('%s', async (_name, text, args, message) => {
    const dir = files({ 'ok.yaml': suite(`baseUrl: ${server.origin}\n`), 's.yaml': text });
    const argv = args.map((a) => (a === 'ORIGIN' ? server.origin : a));
    // The good suite comes first: it must not run either.
    const run = await cli(['check', join(dir, 'ok.yaml'), join(dir, 's.yaml'), ...argv]);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.seen).toEqual([]);
  });
});

describe('the shipped suites against the mock, one at a time and side by side', () => {
  /** Case names and verdicts (timings and poll counts depend on the clock). */
  const verdicts = (reports: CheckReport[]) =>
    reports.map((r) => [r.name, r.cases.map((c) => [c.name, c.ok, c.skipped === true])]);

  async function runAll(concurrency: number) {
    const server = await createMockServer({
      registry: createRegistry(),
      seed: 4,
      clock: createRealClock({ speed: 60 }),
    });
    try {
      const loader = createSuiteLoader();
      const suites = SUITES.map((p) => loader.load(p, registry));
      return await runSuites(suites, { registry, baseUrl: server.url, intervalMs: 50, concurrency });
    } finally {
      await server.close();
    }
  }

  it('give the same report, in the input order', async () => {
    const [one, four] = [await runAll(1), await runAll(4)];
    expect(verdicts(four)).toEqual(verdicts(one));
    expect(four.map((r) => r.source)).toEqual(SUITES.map((p) => p.replace(`${ROOT}/`, '')));
    expect(four.every((r) => r.ok)).toBe(true);
  });
});
