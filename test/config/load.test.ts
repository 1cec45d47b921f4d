import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveSettings } from '../../src/cli/commands/serve-settings.js';
import { CONFIG_SCHEMA_PATH, configRules, findConfig, loadConfig } from '../../src/config/load.js';
import { preload } from '../../src/config/preload.js';
import { createManualClock } from '../../src/mock/clock.js';
import { createMockState } from '../../src/mock/state.js';
import { isObject } from '../../src/util/json.js';
import { createRegistry } from '../../src/vendors/registry.js';

/** jobkit.config.json: found, checked by its schema, merged under the flags. */

const dir = mkdtempSync(join(tmpdir(), 'jobkit-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const registry = createRegistry();

function write(name: string, body: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

/** The flags' values as parseArgs gives them for `jobkit serve` with none given. */
const NO_FLAGS = { 'max-jobs': '100000', 'finished-ttl': '86400', 'grace-ms': '5000' };

describe('finding and reading the file', () => {
  it('finds jobkit.config.json in the folder only when it is there, or the file named', () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(findConfig(empty)).toBeUndefined();
    write('jobkit.config.json', {});
    expect(findConfig(dir)).toBe(join(dir, 'jobkit.config.json'));
    expect(findConfig(dir, 'other.json')).toBe(join(dir, 'other.json'));
  });

  it('makes vendor folders absolute, relative to the file', () => {
    const config = loadConfig(write('vendors.json', { $schema: 'x', vendors: ['./mine'] }));
    expect(config.vendors).toEqual([join(dir, 'mine')]);
    expect(config).not.toHaveProperty('$schema');
  });

  it.each([
    ['not JSON', '{"port": ', /not JSON: line 1/],
    ['an unknown key', { prot: 4010 }, /prot/],
    ['a bad port', { port: 70000 }, /\/port/],
    ['a bad origin', { cors: { origins: ['localhost:5173'] } }, /\/cors\/origins/],
    ['a rule without a scenario', { scenarios: [{ vendor: 'posthog' }] }, /\/scenarios\/0\/scenario/],
  ])('refuses %s as an input error naming the file', (_, body, message) => {
    const file = write('bad.json', body);
    expect(() => loadConfig(file)).toThrow(message);
    expect(() => loadConfig(file)).toThrow(expect.objectContaining({ code: 'input', file }));
  });

  it('a missing named file is an input error', () => {
    expect(() => serveSettings({ ...NO_FLAGS, config: 'nope.json' }, dir)).toThrow(
      /Cannot read the config file/,
    );
  });
});

describe('flags override the file', () => {
  const file = write('serve.json', {
    port: 5000,
    host: '127.0.0.2',
    seed: 9,
    speed: 20,
    clock: 'manual',
    demo: false,
    defaultScenarios: { posthog: 'failure' },
    scenarios: [{ vendor: 'posthog', scenario: 'slow', times: 1 }],
    cors: { origins: ['http://localhost:5173'], credentials: true },
  });

  it('the file gives what no flag does', () => {
    const s = serveSettings({ ...NO_FLAGS, config: file }, dir);
    expect(s).toMatchObject({
      port: 5000,
      host: '127.0.0.2',
      seed: 9,
      speed: 20,
      clock: 'manual',
      demo: false,
    });
    expect(s.cors).toEqual({ origins: ['http://localhost:5173'], credentials: true });
    expect(s.scenarios).toEqual([
      { vendor: 'posthog', scenario: 'failure' },
      { vendor: 'posthog', scenario: 'slow', times: 1 },
    ]);
  });

  it('a flag wins over the file; --scenario rules come last, so they win', () => {
    const s = serveSettings(
      {
        ...NO_FLAGS,
        config: file,
        port: '0',
        seed: '3',
        speed: '2',
        clock: 'real',
        scenario: ['posthog=happy'],
      },
      dir,
    );
    expect(s).toMatchObject({ port: 0, seed: 3, speed: 2, clock: 'real' });
    expect(s.scenarios.at(-1)).toEqual({ vendor: 'posthog', scenario: 'happy' });
  });

  it('with no file and no flags, the defaults', () => {
    const s = serveSettings({ ...NO_FLAGS }, mkdtempSync(join(dir, 'none-')));
    expect(s).toMatchObject({ port: 4010, host: '127.0.0.1', seed: 1, speed: 1, clock: 'real', demo: true });
    expect(s.scenarios).toEqual([]);
    expect(s.config).toBeUndefined();
  });

  it('--scenario must be vendor=scenario', () => {
    expect(() => serveSettings({ ...NO_FLAGS, scenario: ['posthog'] }, dir)).toThrow(
      /--scenario must be vendor=scenario/,
    );
  });
});

describe('preloading faults and jobs', () => {
  const vendor = registry.names()[0] as string;

  it('adds the faults and creates the jobs', () => {
    const state = createMockState({ registry, clock: createManualClock(0) });
    const scenario = state.vendorOf(vendor).scenarioList.at(-1) as string;
    const config = loadConfig(
      write('preload.json', {
        faults: [{ vendor, latencyMs: 5 }],
        jobs: [{ vendor, scenario, id: 'preloaded-1' }],
      }),
    );
    preload(state, config);
    expect(state.faults.list()).toMatchObject([{ vendor, latencyMs: 5 }]);
    expect(state.store.get(vendor, 'preloaded-1')?.scenario).toBe(scenario);
  });

  it.each([
    [{ faults: [{ vendor: 'nope' }] }, /\/faults\/0/],
    [{ jobs: [{ vendor, scenario: 'nope' }] }, /\/jobs\/0: Unknown scenario/],
  ])('%j is refused naming the entry', (body, message) => {
    const state = createMockState({ registry, clock: createManualClock(0) });
    expect(() => preload(state, loadConfig(write('preload-bad.json', body)))).toThrow(message);
  });

  it("the config's scenario rules reach the state, checked against the vendors", () => {
    const config = loadConfig(write('rules.json', { defaultScenarios: { nope: 'happy' } }));
    expect(() => createMockState({ registry, scenarios: configRules(config) })).toThrow(
      /unknown vendor "nope"/,
    );
  });
});

describe('the schema, for editors', () => {
  const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;

  /** Every node under a property or an items keyword. */
  function nodes(node: unknown, at = ''): [string, Record<string, unknown>][] {
    if (!isObject(node)) return [];
    const out: [string, Record<string, unknown>][] = [];
    for (const [word, value] of Object.entries(node)) {
      if (word === 'properties' && isObject(value))
        for (const [name, child] of Object.entries(value))
          out.push([`${at}/${name}`, child as Record<string, unknown>], ...nodes(child, `${at}/${name}`));
      if ((word === 'items' || word === 'additionalProperties') && isObject(value))
        out.push([`${at}/${word}`, value], ...nodes(value, `${at}/${word}`));
      if (word === 'oneOf' && Array.isArray(value)) {
        value.forEach((v, i) => {
          out.push(...nodes(v, `${at}/oneOf/${i}`));
        });
      }
    }
    return out;
  }

  it('describes every key', () => {
    const all = nodes(schema);
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter(([, n]) => typeof n.description !== 'string').map(([p]) => p)).toEqual([]);
  });

  it('accepts its own examples', () => {
    for (const [at, node] of nodes(schema)) {
      if (!Array.isArray(node.examples) || !at.match(/^\/[^/]+$/)) continue;
      for (const example of node.examples) {
        const file = write('example.json', { [at.slice(1)]: example });
        expect(() => loadConfig(file), `${at}: ${JSON.stringify(example)}`).not.toThrow();
      }
    }
  });
});
