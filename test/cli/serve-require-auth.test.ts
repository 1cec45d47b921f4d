import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/commands/serve.js';
import { commandHelp, withOptionalValues } from '../../src/cli/program.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli } from '../helpers/cli.js';
import { type Served, startServe } from '../helpers/serve.js';

/** `jobkit serve --require-auth`: every vendor alone, the vendors named with a list, from the flag or the config. */

const dir = mkdtempSync(join(tmpdir(), 'jobkit-require-auth-'));
const running: Served[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const registry = createRegistry();
const VENDORS = registry.names();
/** The vendors whose files declare a credential to check (api.auth). */
const CHECKED = VENDORS.filter((v) => registry.get(v).lifecycle.api?.auth !== undefined);

async function serve(args: string[]): Promise<Served> {
  const served = await startServe(['--no-demo', ...args]);
  running.push(served);
  return served;
}

/** The status of a fresh job's status GET with no credential, by vendor. */
async function statusWithoutCredential(origin: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const vendor of VENDORS) {
    const res = await fetch(`${origin}/__jobkit/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vendor }),
    });
    const { statusUrl } = (await res.json()) as { statusUrl?: string };
    if (statusUrl) out[vendor] = (await fetch(statusUrl)).status;
  }
  return out;
}

describe('--require-auth as an argument', () => {
  it('alone reads as "" (every vendor); a list is its value; `--` and `=` forms are left alone', () => {
    const spec = serveCommand.options;
    expect(withOptionalValues(['--require-auth'], spec)).toEqual(['--require-auth=']);
    expect(withOptionalValues(['--require-auth', '--no-demo'], spec)).toEqual([
      '--require-auth=',
      '--no-demo',
    ]);
    expect(withOptionalValues(['--require-auth', 'dakera'], spec)).toEqual(['--require-auth', 'dakera']);
    expect(withOptionalValues(['--require-auth=dakera'], spec)).toEqual(['--require-auth=dakera']);
    expect(withOptionalValues(['--', '--require-auth'], spec)).toEqual(['--', '--require-auth']);
    // A boolean option is never given a value.
    expect(withOptionalValues(['--no-demo'], spec)).toEqual(['--no-demo']);
  });

  it('serve --help shows the optional list', () => {
    const help = commandHelp(serveCommand);
    expect(help).toMatch(/--require-auth \[<VENDOR,…>\]/);
    expect(help).toMatch(/with a comma-separated list \(posthog,dakera\): only those/);
  });

  it.each([
    [['--require-auth', 'posthog,nosuch,dakera'], /--require-auth names no vendor "nosuch"/],
    [['--require-auth', 'posthog,,dakera'], /--require-auth takes vendor names separated by commas/],
  ])('%j is a usage error', async (args, message) => {
    const run = await cli(['serve', '--port', '0', '--no-demo', '-q', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    if (/names no vendor/.test(run.stderr))
      expect(run.stderr).toContain(`The vendors are: ${VENDORS.join(', ')}.`);
  });
});

describe('jobkit serve --require-auth', () => {
  it('a list checks only the vendors named, and the banner names them', async () => {
    expect(VENDORS).toEqual(expect.arrayContaining(['posthog', 'dakera', 'fullstory']));
    const served = await serve(['--require-auth', 'posthog,dakera']);
    expect(served.stdout()).toMatch(/Credentials are checked \(--require-auth\) for posthog, dakera/);
    const seen = await statusWithoutCredential(served.origin);
    expect(seen.posthog).toBe(401);
    expect(seen.dakera).toBe(401);
    for (const vendor of VENDORS.filter((v) => v !== 'posthog' && v !== 'dakera'))
      if (seen[vendor] !== undefined) expect(seen[vendor], vendor).toBe(200);
  });

  it('alone, before another flag, checks every vendor', async () => {
    const served = await startServe(['--require-auth', '--no-demo']);
    running.push(served);
    expect(served.stdout()).toMatch(/Credentials are checked \(--require-auth\): each vendor's/);
    const seen = await statusWithoutCredential(served.origin);
    expect(CHECKED.length).toBeGreaterThan(3);
    // Pinpoint's own answer to a missing credential is 403 (MissingAuthenticationTokenException).
    for (const vendor of CHECKED) expect([401, 403], vendor).toContain(seen[vendor]);
  });

  it('the config file names the vendors; the flag overrides it', async () => {
    const config = join(dir, 'auth.json');
    writeFileSync(config, JSON.stringify({ requireAuth: ['fullstory'] }));
    const fromFile = await serve(['--config', config]);
    const seen = await statusWithoutCredential(fromFile.origin);
    expect(seen.fullstory).toBe(401);
    expect(seen.dakera).toBe(200);
    const overridden = await serve(['--config', config, '--require-auth', 'dakera']);
    const again = await statusWithoutCredential(overridden.origin);
    expect(again.fullstory).toBe(200);
    expect(again.dakera).toBe(401);
  });

  it('an unknown vendor in the config file is an input error naming the file and the vendors', async () => {
    const config = join(dir, 'unknown.json');
    writeFileSync(config, JSON.stringify({ requireAuth: ['dakera', 'nope'] }));
    const run = await cli(['serve', '--port', '0', '--no-demo', '-q', '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`requireAuth in ${config} names no vendor "nope"`);
    expect(run.stderr).toContain(`The vendors are: ${VENDORS.join(', ')}.`);
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, JSON.stringify({ requireAuth: [] }));
    expect((await cli(['serve', '--port', '0', '--no-demo', '-q', '--config', empty])).code).toBe(2);
  });
});
