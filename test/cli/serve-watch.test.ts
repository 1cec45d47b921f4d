import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempTrees } from '../helpers/fixtures.js';
import { simpleStatus } from '../helpers/own-vendor.js';
import { type Served, startServe } from '../helpers/serve.js';

/** `jobkit serve --watch`: the config file and vendor folders reload, jobs of vendors still served stay. */

const files = useTempTrees();
const running: Served[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

const BATCH = 'fullstory-users-batch';

/** A user vendor's two files, under `vendors/`. */
function vendorFiles(name: string): Record<string, object> {
  return {
    [`vendors/schemas/${name}/Job.json`]: {
      type: 'object',
      required: ['id', 'state'],
      properties: { id: { type: 'string' }, state: { enum: ['queued', 'running', 'done', 'failed'] } },
    },
    [`vendors/mocks/${name}/lifecycle.json`]: {
      title: 'Own jobs',
      schema: { root: 'Job' },
      status: simpleStatus(),
      body: { id: { from: 'id' }, state: { from: 'state' } },
      mock: {
        id: 'job_{{alnum:8}}',
        work: { total: [10, 100] },
        scenarios: {
          happy: {
            description: 'Runs, then done.',
            steps: [
              { state: 'queued', ms: [500, 1000] },
              { state: 'running', ms: [1000, 2000] },
              { state: 'done' },
            ],
          },
        },
        controls: { complete: { state: 'done' }, fail: { state: 'failed' } },
      },
    },
  };
}

/** Polls until `ready` holds; fails with the server's output when it never does. */
async function until(s: Served, what: string, ready: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never: ${what}\n${s.stdout()}`);
}

const get = async <T>(s: Served, path: string) => (await (await fetch(`${s.origin}${path}`)).json()) as T;
const vendors = async (s: Served) =>
  (await get<{ vendors: { name: string }[] }>(s, '/__jobkit')).vendors.map((v) => v.name);
const jobIds = async (s: Served) =>
  (await get<{ jobs: { id: string }[] }>(s, '/__jobkit/jobs')).jobs.map((j) => j.id);
const rules = async (s: Served) =>
  (await get<{ rules: { scenario: string }[] }>(s, '/__jobkit/scenarios')).rules;

describe('jobkit serve --watch', () => {
  it('reloads the config and the vendor folders, keeping the jobs of vendors still served', async () => {
    const dir = files({
      ...vendorFiles('own'),
      'jobkit.config.json': { demo: false, vendors: ['./vendors'], jobs: [{ vendor: BATCH, id: 'kept-1' }] },
    });
    const config = join(dir, 'jobkit.config.json');
    const s = await startServe(['--watch', '--config', config]);
    running.push(s);
    expect(s.stdout()).toContain('(watched)');
    const own = (await (
      await fetch(`${s.origin}/__jobkit/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ vendor: 'own' }),
      })
    ).json()) as { id: string };
    expect((await jobIds(s)).sort()).toEqual(['kept-1', own.id].sort());

    // The config changes: a default scenario appears; the jobs stay (the preloaded one is not made twice).
    writeFileSync(
      config,
      JSON.stringify({
        demo: false,
        vendors: ['./vendors'],
        defaultScenarios: { [BATCH]: 'failure' },
        jobs: [{ vendor: BATCH, id: 'kept-1' }],
      }),
    );
    await until(s, 'the new default scenario', async () =>
      (await rules(s)).some((r) => r.scenario === 'failure'),
    );
    expect((await jobIds(s)).sort()).toEqual(['kept-1', own.id].sort());

    // A vendor comes into the folder, then another goes: its jobs go with it, the rest stay.
    for (const [path, body] of Object.entries(vendorFiles('other'))) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), JSON.stringify(body));
    }
    await until(s, 'other served', async () => (await vendors(s)).includes('other'));
    rmSync(join(dir, 'vendors', 'mocks', 'own'), { recursive: true });
    await until(s, 'own no longer served', async () => !(await vendors(s)).includes('own'));
    expect(await jobIds(s)).toEqual(['kept-1']);
  });

  it('a broken config is told and the previous setup keeps serving', async () => {
    const dir = files({ 'jobkit.config.json': { demo: false, defaultScenarios: { [BATCH]: 'slow' } } });
    const config = join(dir, 'jobkit.config.json');
    const s = await startServe(['--watch', '--config', config]);
    running.push(s);
    writeFileSync(config, '{"demo": ');
    await until(s, 'the reload failure told', async () => s.stdout().includes('reload failed'));
    expect(s.stdout()).toMatch(/reload failed, still serving the previous setup: .*not JSON/);
    expect(await rules(s)).toMatchObject([{ scenario: 'slow' }]);
  });
});
