import { execFile, execFileSync } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { BIN, cli } from '../helpers/cli.js';
import { firstBody, useTempTrees } from '../helpers/fixtures.js';

const files = useTempTrees();
const run = promisify(execFile);

/** The built binary under bash, so `<(…)` is a real /dev/fd/N pipe. */
async function bash(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('bash', ['-c', script], {
      env: { ...process.env, NO_COLOR: '1', JOBKIT_VENDORS: '', J: `${process.execPath} ${BIN}` },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function fifoWith(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  createWriteStream(path).end(text);
  return path;
}

describe('reading inputs that are not regular files', () => {
  it('validate reads process substitution (a /dev/fd pipe) instead of calling it empty', async () => {
    const dir = files({ 'body.json': firstBody('posthog') });
    const ok = await bash(`$J validate posthog <(cat ${dir}/body.json)`);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(/1 body checked against posthog BatchExportRun · all valid/);
    expect(ok.code).toBe(0);
    const bad = await bash(`$J validate posthog <(echo '{"status":"Running"}')`);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/✗ \/dev\/fd\/\d+:1/);
  });

  it('check --recording reads a FIFO and process substitution', async () => {
    const dir = files({});
    const fifo = fifoWith(dir, 'rec', `${JSON.stringify(firstBody('posthog'))}\n`);
    const viaFifo = await cli(['check', '--vendor', 'posthog', '--recording', fifo]);
    expect(viaFifo.stdout).toMatch(/✓ recording .*rec {2}1 poll/);
    expect(viaFifo.code).toBe(0);
    const piped = await bash(`$J check --vendor posthog --recording <(echo '{"status":"Running"}')`);
    expect(piped.stdout).toMatch(/✗ recording \/dev\/fd\/\d+ {2}1 poll/);
    expect(piped.code).toBe(1);
  });

  it('a HAR file from a FIFO is read', async () => {
    const dir = files({});
    const url = 'http://x/api/projects/1/batch_exports/b/runs/r';
    const har = {
      log: {
        entries: [
          {
            startedDateTime: '2026-03-01T10:00:00Z',
            request: { method: 'GET', url },
            response: {
              status: 200,
              content: { mimeType: 'application/json', text: JSON.stringify(firstBody('posthog')) },
            },
          },
        ],
      },
    };
    const path = fifoWith(dir, 'traffic.har', JSON.stringify(har));
    const result = await cli(['check', '--vendor', 'posthog', '--recording', path]);
    expect(result.stdout).toMatch(/✓ recording .*traffic\.har {2}1 poll/);
  });
});

describe('no silent pass: an unreadable recording is an error in every reporter (exit 2)', () => {
  const cases: [string, (dir: string) => string, RegExp][] = [
    ['a missing file', (dir) => join(dir, 'missing.ndjson'), /missing\.ndjson: does not exist\./],
    ['a directory', (dir) => join(dir, 'sub'), /sub: is a directory/],
    ['an empty FIFO', (dir) => fifoWith(dir, 'empty', ''), /empty: is empty/],
    ['a file of invalid JSON', (dir) => join(dir, 'broken.ndjson'), /broken\.ndjson:1:2: invalid JSON/],
  ];

  it.each(cases)('%s', async (_name, make, message) => {
    const dir = files({ 'sub/x.ndjson': '{}', 'broken.ndjson': '{x\n' });
    const path = make(dir);
    const text = await cli(['check', '--vendor', 'posthog', '--recording', path]);
    expect(text.code).toBe(2);
    expect(text.stdout).not.toMatch(/✓|[1-9]\d* passed/);
    expect(text.stdout).toMatch(message);
    expect(text.stdout).toMatch(/0 checks: 0 passed, 0 failed, 1 input error/);

    const json = await cli([
      'check',
      '--vendor',
      'posthog',
      '--recording',
      make(files({ 'sub/x.ndjson': '{}', 'broken.ndjson': '{x\n' })),
      '--reporter',
      'json',
    ]);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.summary).toMatchObject({ passed: 0, errors: 1 });
    expect(report.reports[0].problems[0]).toMatch(message);

    const out = join(files({}), 'junit.xml');
    const again = make(files({ 'sub/x.ndjson': '{}', 'broken.ndjson': '{x\n' }));
    const junit = await cli([
      'check',
      '--vendor',
      'posthog',
      '--recording',
      again,
      '--reporter',
      'junit',
      '--output',
      out,
    ]);
    expect(junit.code).toBe(2);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/<testsuites name="jobkit check" tests="1" failures="0" errors="1"/);
    expect(xml).toMatch(/<testsuite name="[^"]*" tests="1" failures="0" errors="1"/);
    expect(xml).toMatch(/<error message="[^"]*"\/>/);
    expect(xml).not.toMatch(/classname="jobkit\.posthog"/);
  });

  it('a recording read in part fails, with the unreadable line as an error', async () => {
    const dir = files({ 'part.ndjson': `${JSON.stringify(firstBody('posthog'))}\n{"status":\n` });
    const result = await cli(['check', '--vendor', 'posthog', '--recording', join(dir, 'part.ndjson')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/✗ recording .*part\.ndjson {2}1 poll/);
    expect(result.stdout).toMatch(/note: 1 part of the recording could not be read/);
    expect(result.stdout).toMatch(/error .*part\.ndjson:2:11: invalid JSON/);
    expect(result.stdout).toMatch(/1 check: 0 passed, 1 failed, 1 input error/);
  });
});

describe('bounded reading from standard input', () => {
  async function validateStdin(source: AsyncIterable<Buffer>) {
    const out = new PassThrough();
    const err = new PassThrough();
    let stdout = '';
    let stderr = '';
    out.on('data', (c) => {
      stdout += String(c);
    });
    err.on('data', (c) => {
      stderr += String(c);
    });
    const code = await runCli(['validate', 'posthog', '-'], {
      stdout: out,
      stderr: err,
      stdin: Readable.from(source),
      env: { NO_COLOR: '1' },
    });
    return { code, stdout, stderr };
  }

  it("`yes '{' | jobkit validate posthog -` ends with an input error, not out of memory", {
    timeout: 60_000,
  }, async () => {
    async function* yes() {
      const chunk = Buffer.from('{\n'.repeat(32 * 1024));
      for (;;) yield chunk;
    }
    const result = await validateStdin(yes());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /<stdin>: is larger than 256 MiB and is not NDJSON; convert it to one body per line\./,
    );
  });

  it('input without newlines stops at the 16 MiB line limit, naming the line', {
    timeout: 60_000,
  }, async () => {
    async function* noNewline() {
      yield Buffer.from(`${JSON.stringify(firstBody('posthog'))}\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (;;) yield chunk;
    }
    const result = await validateStdin(noNewline());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /<stdin>:2: line 2 is longer than 16 MiB, the limit for one body; reading stopped there/,
    );
    expect(result.stdout).toMatch(
      /1 body checked against posthog BatchExportRun · all valid · 1 unreadable input/,
    );
  });

  it('1 GiB of NDJSON on stdin is validated in constant memory', { timeout: 120_000 }, async () => {
    const body = Buffer.from(JSON.stringify(firstBody('posthog')));
    const line = Buffer.alloc(4 * 1024 * 1024, 0x20);
    body.copy(line);
    line[line.length - 1] = 10;
    async function* gigabyte() {
      for (let i = 0; i < 256; i++)
        for (let at = 0; at < line.length; at += 1024 * 1024) yield line.subarray(at, at + 1024 * 1024);
    }
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const result = await validateStdin(gigabyte());
    clearInterval(timer);
    expect(result.stdout).toMatch(/256 bodies checked against posthog BatchExportRun · all valid/);
    expect(result.code).toBe(0);
    expect(peak - before).toBeLessThan(256 * 1024 * 1024);
  });
});
