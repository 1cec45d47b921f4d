import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli } from '../helpers/cli.js';
import { type Served, startServe } from '../helpers/serve.js';

/** `jobkit serve --config`: the file's settings reach a real server, and flags override them. */

const dir = mkdtempSync(join(tmpdir(), 'jobkit-serve-config-'));
const running: Served[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BATCH = 'fullstory-users-batch';
const APP = 'http://localhost:5173';
const registry = createRegistry();

function configFile(name: string, body: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

async function createBatch(origin: string): Promise<string> {
  const res = await fetch(`${origin}/v2/users/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ requests: [{ uid: 'u-1' }] }),
  });
  const id = ((await res.json()) as { job: { id: string } }).job.id;
  const jobs = (await (await fetch(`${origin}/__jobkit/jobs`)).json()) as {
    jobs: { id: string; scenario: string }[];
  };
  return jobs.jobs.find((j) => j.id === id)?.scenario as string;
}

describe('jobkit serve --config', () => {
  it('serves the file: scenario rules, preloaded jobs, CORS; --port 0 overrides its port', async () => {
    expect(registry.names()).toContain(BATCH);
    const file = configFile('jobkit.config.json', {
      port: 1,
      demo: false,
      defaultScenarios: { [BATCH]: 'slow' },
      scenarios: [{ vendor: BATCH, route: 'POST /v2/users/batch', scenario: 'failure', times: 1 }],
      jobs: [{ vendor: BATCH, scenario: 'stuck', id: 'from-config' }],
      cors: { origins: [APP], credentials: true },
    });
    const s = await startServe(['--config', file]);
    running.push(s);
    expect(s.stdout()).not.toContain('Demo jobs');
    const listed = (await (await fetch(`${s.origin}/__jobkit/jobs`)).json()) as { jobs: { id: string }[] };
    expect(listed.jobs.map((j) => j.id)).toEqual(['from-config']);
    expect(await createBatch(s.origin)).toBe('failure');
    expect(await createBatch(s.origin)).toBe('slow');
    const res = await fetch(`${s.origin}/__jobkit/jobs`, { headers: { origin: APP } });
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it("--scenario overrides the file's default for that vendor", async () => {
    const file = configFile('override.json', { demo: false, defaultScenarios: { [BATCH]: 'slow' } });
    const s = await startServe(['--config', file, '--scenario', `${BATCH}=failure`]);
    running.push(s);
    expect(await createBatch(s.origin)).toBe('failure');
  });

  it.each([
    [{ prot: 1 }, /prot/],
    [{ scenarios: [{ vendor: 'nope', scenario: 'happy' }] }, /unknown vendor "nope"/],
    [{ faults: [{ vendor: BATCH, error: 'nope' }] }, /\/faults\/0/],
  ])('a bad file %j stops it with exit status 2', async (body, message) => {
    const run = await cli(['serve', '--port', '0', '--config', configFile('bad.json', body), '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
