import { describe, expect, it } from 'vitest';
import { cli, spawnCli } from '../helpers/cli.js';
import { useTempTrees } from '../helpers/fixtures.js';
import { simpleStatus } from '../helpers/own-vendor.js';
import { startServe } from '../helpers/serve.js';

const files = useTempTrees();

const MISSING = '/nonexistent/jobkit-vendors';

/** A user vendor `name` with a mock; `progressMax` 1 breaks its own schema (it renders 0–100). */
function ownVendor(name: string, options: { replaces?: boolean; progressMax?: number } = {}) {
  return files({
    [`schemas/${name}/Job.json`]: {
      type: 'object',
      required: ['id', 'state'],
      properties: {
        id: { type: 'string' },
        state: { enum: ['queued', 'running', 'done', 'failed'] },
        progress: { type: 'number', minimum: 0, maximum: options.progressMax ?? 100 },
      },
    },
    [`mocks/${name}/lifecycle.json`]: {
      title: 'Own jobs',
      ...(options.replaces ? { replaces: name } : {}),
      schema: { root: 'Job' },
      status: simpleStatus(),
      body: { id: { from: 'id' }, state: { from: 'state' }, progress: { from: 'progress' } },
      mock: {
        id: 'job_{{alnum:8}}',
        work: { total: [10, 100] },
        scenarios: {
          happy: {
            description: 'Runs, then done.',
            steps: [
              { state: 'queued', ms: [500, 1000] },
              { state: 'running', ms: [2000, 4000], progress: [0, 1] },
              { state: 'done' },
            ],
          },
        },
        controls: { complete: { state: 'done' }, fail: { state: 'failed' } },
      },
    },
    'body.json': { id: 'job_1', state: 'done', progress: 100 },
  });
}

/** Every command that reads vendors, with arguments that would otherwise run. */
const COMMANDS: [string, (dir: string) => string[]][] = [
  ['serve', () => ['serve', '--port', '0', '-q', '--no-demo']],
  ['validate', (dir) => ['validate', 'posthog', `${dir}/body.json`]],
  ['check', (dir) => ['check', '--vendor', 'posthog', '--recording', `${dir}/body.json`]],
  ['openapi', () => ['openapi']],
  ['vendors', () => ['vendors']],
];

describe('--vendors and JOBKIT_VENDORS errors', () => {
  it.each(COMMANDS)(
    '%s: a missing --vendors folder is a usage error (exit 2) saying so',
    async (_name, args) => {
      const run = await cli([...args(ownVendor('own')), '--vendors', MISSING]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`jobkit: Vendor folder ${MISSING} (from --vendors) does not exist.`);
      expect(run.stdout).toBe('');
    },
  );

  it('a missing JOBKIT_VENDORS folder says it came from the environment', async () => {
    const run = await cli(['vendors'], { env: { JOBKIT_VENDORS: MISSING } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Vendor folder ${MISSING} (from JOBKIT_VENDORS) does not exist.`);
  });

  it('an empty folder says what a vendor folder holds', async () => {
    const run = await cli(['vendors', '--vendors', files({ 'notes.txt': 'x' })]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /holds no vendor: it has no mocks\/ folder\. A vendor folder holds, for each vendor/,
    );
  });

  it('one vendor in --vendors and in JOBKIT_VENDORS, from two folders, names both', async () => {
    const a = ownVendor('own');
    const b = ownVendor('own');
    const run = await cli(['vendors', '--vendors', b], { env: { JOBKIT_VENDORS: a } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Vendor "own" is defined by two vendor folders: ${a} (`);
    expect(run.stderr).toContain(`and ${b} (`);
  });

  it('a built-in replaced without "replaces" is refused; with it, jobkit vendors marks it', async () => {
    const refused = await cli(['vendors', '--vendors', ownVendor('posthog')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /"posthog" is the name of a built-in vendor\. To replace the built-in on purpose/,
    );

    const dir = ownVendor('posthog', { replaces: true });
    const text = await cli(['vendors', '--vendors', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(`posthog {2}Own jobs {2}\\[${dir}\\] {2}replaces the built-in\\n`),
    );
    expect(text.stdout).not.toMatch(/weaviate .*replaces the built-in/);
    const json = JSON.parse((await cli(['vendors', '--vendors', dir, '--format', 'json'])).stdout);
    expect(json.find((v: { name: string }) => v.name === 'posthog')).toMatchObject({
      builtin: false,
      replacesBuiltin: true,
    });
  });

  it('serve says on stderr which built-in a user vendor replaces', async () => {
    const served = await startServe(['--vendors', ownVendor('posthog', { replaces: true })]);
    try {
      expect(served.stdout()).toMatch(/jobkit: vendor "posthog" from \S+ replaces the built-in "posthog"\./);
    } finally {
      await served.stop();
    }
  });
});

describe("a user vendor's load self-check, through the CLI", () => {
  it('validate refuses a vendor whose mock breaks its own schema: exit 2, naming files and pointers', async () => {
    const dir = ownVendor('own', { progressMax: 1 });
    const run = await cli(['validate', 'own', `${dir}/body.json`, '--vendors', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /mocks\/own\/lifecycle\.json: scenario happy at [^:]+: \/progress renders [\d.]+ but \S+schemas\/own\/Job\.json#\/properties\/progress has maximum 1/,
    );
  });

  it('a sound own vendor passes it and validates', async () => {
    const dir = ownVendor('own');
    const run = await cli(['validate', 'own', `${dir}/body.json`, '--vendors', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('serve refuses to start with a vendor that fails it', async () => {
    const dir = ownVendor('own', { progressMax: 1 });
    const run = await spawnCli(['serve', '--port', '0', '-q', '--vendors', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /Failed to load vendor "own": its mock renders bodies that its own schema or rules refuse/,
    );
  });
});
