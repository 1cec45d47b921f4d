import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRealClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { BIN, cli, ROOT } from '../helpers/cli.js';

const APP = 'app1';
const REQUEST = { RoleArn: 'arn:aws:iam::123456789012:role/r', S3UrlPrefix: 's3://bucket/prefix/' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let server: MockServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jobkit-record-cli-'));
  server = await createMockServer({
    registry: createRegistry(),
    seed: 4,
    clock: createRealClock({ speed: 100 }),
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A fetch client that creates a Pinpoint export job and polls it to its end. */
async function pollToEnd(origin: string, gapMs: number): Promise<string> {
  const created = await fetch(`${origin}/v1/apps/${APP}/jobs/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer secret-token-1' },
    body: JSON.stringify(REQUEST),
  });
  const { Id } = (await created.json()) as { Id: string };
  for (let i = 0; i < 200; i++) {
    const job = (await (await fetch(`${origin}/v1/apps/${APP}/jobs/export/${Id}`)).json()) as {
      JobStatus: string;
    };
    if (job.JobStatus === 'COMPLETED' || job.JobStatus === 'FAILED') return Id;
    await sleep(gapMs);
  }
  throw new Error('the job did not end');
}

describe('jobkit record as a process', () => {
  it('proxies until SIGTERM, then writes the HAR and reports; check --recording reads it clean', async () => {
    const out = join(dir, 'run.har');
    const child = spawn(
      process.execPath,
      [BIN, 'record', '--target', server.url, '--port', '0', '--out', out, '--min-interval-ms', '20'],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', JOBKIT_VENDORS: '' } },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += String(c);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`record did not start:\n${stdout}${stderr}`)),
          15_000,
        );
        child.stdout.on('data', (c) => {
          stdout += String(c);
          const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (m) {
            clearTimeout(timer);
            resolve(m[1] as string);
          }
        });
      });
      const id = await pollToEnd(origin, 40);
      child.kill('SIGTERM');
      const code = await exited;
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain(`pinpoint /v1/apps/${APP}/jobs/export/${id}  new job`);
      expect(stdout).toMatch(/Wrote .*run\.har: check it with jobkit check --vendor pinpoint --recording/);
      expect(stdout).toContain('How the client polled');
      expect(stdout).toContain('no finding');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }

    const text = await cli([
      'check',
      '--vendor',
      'pinpoint',
      '--recording',
      out,
      '--client-report',
      '--min-interval-ms',
      '20',
    ]);
    expect(text.code).toBe(0);
    const json = await cli([
      'check',
      '--vendor',
      'pinpoint',
      '--recording',
      out,
      '--client-report',
      '--reporter',
      'json',
    ]);
    // At the default 500 ms minimum, polls 40 ms apart are too fast: exit 1, the finding in the JSON.
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.ok).toBe(true);
    expect(doc.reports[0].clientReport.findings.map((f: { rule: string }) => f.rule)).toEqual([
      'client-interval-too-short',
    ]);
    expect(doc.reports[0].clientReport.jobs[0].intervalMs.minMs).toBeGreaterThanOrEqual(0);
  });

  it('usage errors exit 2 before listening', async () => {
    expect((await cli(['record'])).code).toBe(2);
    const bad = await cli(['record', '--target', 'notaurl', '--port', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--target must be an http(s) URL');
    const out = await cli(['record', '--target', server.url, '--port', '0', '--out', join(dir, 'x.txt')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--out must end in .har or .ndjson');
    expect((await cli(['record', '--target', server.url, '--vendor', 'nope'])).code).toBe(2);
    const report = await cli([
      'check',
      '--vendor',
      'pinpoint',
      '--url',
      `${server.url}/x`,
      '--client-report',
    ]);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('--client-report reads a recording');
  });

  it('check --recording --client-report from NDJSON counts polls after terminal without times', async () => {
    const job = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
      Id: id,
      ApplicationId: APP,
      JobStatus: status,
      Type: 'EXPORT',
      CreationDate: '2026-01-01T00:00:00.000Z',
      Definition: REQUEST,
      ...extra,
    });
    const done = {
      CompletionDate: '2026-01-01T00:01:00.000Z',
      TotalPieces: 1,
      CompletedPieces: 1,
      FailedPieces: 0,
    };
    const file = join(dir, 'after.ndjson');
    writeFileSync(
      file,
      [job('a', 'CREATED'), job('a', 'COMPLETED', done), job('a', 'COMPLETED', done)]
        .map((b) => JSON.stringify(b))
        .join('\n'),
    );
    const run = await cli(['check', '--vendor', 'pinpoint', '--recording', file, '--client-report']);
    expect(run.stdout).toContain('client-polls-after-terminal');
    expect(run.stdout).toContain('holds no request times');
    expect(run.code).toBe(1);
  });
});
