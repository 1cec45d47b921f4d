import { describe, expect, it } from 'vitest';
import { type BodyFailure, validateInputs } from '../../src/validate/run.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { cli, spawnCli } from '../helpers/cli.js';
import { firstBody, realBodies, useTempTrees, VENDORS } from '../helpers/fixtures.js';

const files = useTempTrees();

const badPinpoint = () => ({ ...firstBody('pinpoint'), JobStatus: 'RUNNING' });

describe('jobkit validate', () => {
  it.each(VENDORS)('%s: the real bodies pass with exit 0', async (vendor) => {
    const dir = files({ 'bodies.json': Object.values(realBodies(vendor)) });
    const run = await cli(['validate', vendor, `${dir}/bodies.json`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(`${Object.keys(realBodies(vendor)).length} bodies checked against ${vendor} .* all valid`),
    );
  });

  it('an invalid body: exit 1, with file, index, pointer and message', async () => {
    const dir = files({ 'jobs.json': [firstBody('pinpoint'), badPinpoint()] });
    const run = await cli(['validate', 'pinpoint', `${dir}/jobs.json`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ ${dir}/jobs.json[1]`);
    expect(run.stdout).toMatch(
      /\/JobStatus\s+must be one of CREATED, PREPARING_FOR_INITIALIZATION, .*; got "RUNNING"/,
    );
    expect(run.stdout).toMatch(/2 bodies checked against pinpoint ExportJobResponse · 1 invalid · 1 valid/);
  });

  it('NDJSON failures name the line', async () => {
    const lines = [firstBody('pinpoint'), badPinpoint(), firstBody('pinpoint')]
      .map((b) => JSON.stringify(b))
      .join('\n');
    const dir = files({ 'jobs.ndjson': lines });
    const run = await cli(['validate', 'pinpoint', `${dir}/jobs.ndjson`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ ${dir}/jobs.ndjson:2`);
  });

  it('reads standard input', async () => {
    const run = await cli(['validate', 'pinpoint', '-'], { stdin: JSON.stringify(badPinpoint()) });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ <stdin>');
  });

  it('--format json prints the same as one JSON document', async () => {
    const dir = files({ 'jobs.json': [badPinpoint()], 'broken.json': '{"a":' });
    const run = await cli([
      'validate',
      'pinpoint',
      `${dir}/jobs.json`,
      `${dir}/broken.json`,
      '--format',
      'json',
    ]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.summary).toEqual({
      vendor: 'pinpoint',
      schema: 'ExportJobResponse',
      inputs: 2,
      bodies: 1,
      valid: 0,
      invalid: 1,
      problems: 1,
    });
    expect(report.failures[0]).toMatchObject({
      source: `${dir}/jobs.json`,
      index: 0,
      issues: [{ pointer: '/JobStatus', keyword: 'enum', received: 'RUNNING' }],
    });
    expect(report.problems[0]).toMatchObject({ source: `${dir}/broken.json`, line: 1, column: 6 });
  });

  it('--schema checks against another schema of the vendor', async () => {
    const dir = files({ 'page.json': { next: null, previous: null, results: [firstBody('posthog')] } });
    expect((await cli(['validate', 'posthog', `${dir}/page.json`])).code).toBe(1);
    expect(
      (await cli(['validate', 'posthog', `${dir}/page.json`, '--schema', 'PaginatedBatchExportRunList']))
        .code,
    ).toBe(0);
    const unknown = await cli(['validate', 'posthog', `${dir}/page.json`, '--schema', 'Page']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/has no schema named "Page"\. Its schemas: .*PaginatedBatchExportRunList/);
  });

  it.each(['constructor', '__proto__', 'toString'])(
    '--schema %s: an unknown schema (exit 2), not every body valid',
    async (name) => {
      const dir = files({ 'run.json': firstBody('posthog') });
      const run = await cli(['validate', 'posthog', `${dir}/run.json`, '--schema', name]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`has no schema named "${name}"`);
    },
  );

  it.each([
    ['no arguments', ['validate'], /validate needs a vendor and at least one file/],
    ['no files', ['validate', 'posthog'], /validate needs a vendor and at least one file/],
    [
      'an unknown vendor',
      ['validate', 'postgres', 'x.json'],
      /Unknown vendor "postgres"\. Known vendors: dakera, fullstory/,
    ],
    [
      'an unknown option',
      ['validate', 'posthog', 'x.json', '--fromat', 'json'],
      /Unknown option '--fromat'[\s\S]*Usage: jobkit validate/,
    ],
    ['a bad --format', ['validate', 'posthog', 'x.json', '--format', 'xml'], /--format must be text or json/],
    ['an unknown command', ['valdate'], /Unknown command "valdate"/],
  ])('%s is a usage error (exit 2)', async (_name, argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('unreadable input is exit 2 even when other files pass, and every file is still checked', async () => {
    const dir = files({ 'good.json': firstBody('posthog'), 'empty.json': '' });
    const run = await cli([
      'validate',
      'posthog',
      `${dir}/empty.json`,
      `${dir}/missing.json`,
      `${dir}/good.json`,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${dir}/empty.json: is empty`);
    expect(run.stderr).toContain(`${dir}/missing.json: does not exist`);
    expect(run.stdout).toMatch(/1 body checked .* all valid · 2 unreadable inputs/);
  });
});

describe('validateInputs', () => {
  const registry = createRegistry();

  it.each(VENDORS)(
    '%s: failures carry the issues vendor.validate gives for the same body',
    async (vendor) => {
      // Every top-level field of every real body set to a wrong type, plus whole-body defects.
      const bodies: unknown[] = [null, [], 'text', 42, {}];
      for (const body of Object.values(realBodies(vendor))) {
        for (const key of Object.keys(body))
          bodies.push({ ...body, [key]: { wrong: true } }, { ...body, [key]: null });
        bodies.push({ ...body, extra: 'x' });
      }
      const dir = files({ 'bodies.json': bodies });
      const failures: BodyFailure[] = [];
      const v = registry.get(vendor);
      const summary = await validateInputs({
        vendor: v,
        inputs: [`${dir}/bodies.json`],
        onFailure: (f) => failures.push(f),
      });
      expect(failures.length).toBe(summary.invalid);
      expect(failures.length).toBeGreaterThan(5);
      for (const failure of failures) {
        expect(failure.issues).toEqual(v.validate(bodies[failure.index as number]).issues);
      }
    },
  );
});

describe('the built binary', () => {
  it('exits 0, 1 and 2 as documented, with no stack trace', async () => {
    const dir = files({
      'ok.json': firstBody('dakera'),
      'bad.json': { ...firstBody('dakera'), total: -1 },
      'broken.ndjson': '{"job_id":\n',
    });
    const ok = await spawnCli(['validate', 'dakera', `${dir}/ok.json`]);
    expect(ok.code).toBe(0);
    const bad = await spawnCli(['validate', 'dakera', `${dir}/bad.json`]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/\/total\s+must be ≥ 0; got integer -1/);
    const broken = await spawnCli(['validate', 'dakera', `${dir}/broken.ndjson`]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /broken\.ndjson:1:11: invalid JSON \(unexpected end of input, expected a JSON value\)/,
    );
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });

  it('--help and <cmd> --help print usage', async () => {
    const help = await spawnCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Commands:\n {2}serve +Run the mock server/);
    expect(help.stdout).toMatch(/\n {2}validate +Check response bodies/);
    const cmd = await spawnCli(['validate', '--help']);
    expect(cmd.stdout).toMatch(/Usage: jobkit validate <vendor> <file\.\.\.>/);
  });
});

describe('jobkit vendors', () => {
  it('lists each vendor with its status field and states', async () => {
    const run = await cli(['vendors']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /pinpoint {2}Amazon Pinpoint export jobs[\s\S]*status field {2}\/JobStatus[\s\S]*CREATED \(initial\)/,
    );
    const json = JSON.parse((await cli(['vendors', '--format', 'json'])).stdout);
    expect(json.map((v: { name: string }) => v.name)).toEqual([...VENDORS]);
    expect(json.find((v: { name: string }) => v.name === 'posthog')).toMatchObject({
      statusField: '/status',
      schema: 'BatchExportRun',
    });
  });

  it('includes vendors from --vendors and JOBKIT_VENDORS', async () => {
    const dir = files({
      'schemas/acme/Job.json': { type: 'object', properties: { s: { type: 'string' } } },
      'mocks/acme/lifecycle.json': {
        title: 'Acme jobs',
        schema: { root: 'Job' },
        status: {
          field: '/s',
          states: { a: { initial: true }, b: { terminal: 'success' } },
          transitions: { a: ['b'] },
        },
      },
    });
    expect((await cli(['vendors', '--vendors', dir])).stdout).toContain('acme  Acme jobs');
    expect((await cli(['vendors'], { env: { JOBKIT_VENDORS: dir } })).stdout).toContain('acme  Acme jobs');
  });
});
