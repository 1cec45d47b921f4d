import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/vendors/registry.js';
import { BIN, ROOT } from '../helpers/cli.js';

/** `jobkit serve` as users run it: the built binary, a real port, signals. */

const WAIT_MS = 10_000;
const VENDORS = createRegistry().names();

interface Served {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

function start(args: string[]): Served {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', JOBKIT_VENDORS: '' },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => {
    out += String(c);
  });
  child.stderr.on('data', (c) => {
    err += String(c);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  child.stdin.end();
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Rejects after `ms` with what was being waited for. */
function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Waits for the whole banner (it ends with "Ctrl-C stops it."); fails early if the process exits. */
async function banner(
  served: Served,
): Promise<{ origin: string; demo: { vendor: string; scenario: string; url: string }[] }> {
  await within(
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (served.stdout().includes('Ctrl-C stops it.')) resolve();
      };
      served.child.stdout.on('data', check);
      check();
      served.exited.then(({ code }) =>
        reject(new Error(`serve exited with ${code} before its banner; stderr: ${served.stderr()}`)),
      );
    }),
    'the serve banner',
  );
  const text = served.stdout();
  const origin = /jobkit mock server on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
  if (!origin) throw new Error(`no server URL in the banner:\n${text}`);
  const lines = text.split('\n');
  const from = lines.indexOf('Demo jobs (poll these):');
  const demo: { vendor: string; scenario: string; url: string }[] = [];
  for (const line of from === -1 ? [] : lines.slice(from + 1)) {
    const m = /^\s+(\S+)\s+(\S+)\s+(http\S+)$/.exec(line);
    if (!m) break;
    demo.push({ vendor: m[1] as string, scenario: m[2] as string, url: m[3] as string });
  }
  return { origin, demo };
}

async function stop(served: Served): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  served.child.kill('SIGTERM');
  return within(served.exited, 'serve to exit after SIGTERM');
}

describe('jobkit serve', () => {
  it('prints its URL and demo jobs, serves them and the admin API, and exits 0 on SIGTERM', async () => {
    const served = start(['--port', '0', '--seed', '5', '--clock', 'manual', '-q']);
    const { origin, demo } = await banner(served);
    expect(served.stdout()).toMatch(/\(seed 5, clock manual\)/);

    // One demo job per vendor and scenario, each with a status URL on this server.
    expect(new Set(demo.map((d) => d.vendor))).toEqual(new Set(VENDORS));
    expect(demo.length).toBeGreaterThanOrEqual(VENDORS.length * 4);
    for (const d of demo) expect(d.url.startsWith(`${origin}/`), d.url).toBe(true);

    const happy = demo.find((d) => d.vendor === 'dakera' && d.scenario === 'happy');
    if (!happy) throw new Error('no dakera happy demo job');
    const res = await within(fetch(happy.url), happy.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { job_id: string; status: string };
    expect(happy.url).toContain(`/v1/import/${body.job_id}/status`);
    expect(body.status).toBe('running');

    for (const d of demo) {
      const r = await within(fetch(d.url), d.url);
      expect(r.status, d.url).toBe(200);
      await r.json();
    }

    const admin = await within(fetch(`${origin}/__jobkit`), '/__jobkit');
    expect(admin.status).toBe(200);
    const info = (await admin.json()) as {
      jobkit: boolean;
      clock: { kind: string };
      vendors: { name: string }[];
    };
    expect(info.jobkit).toBe(true);
    expect(info.clock.kind).toBe('manual');
    expect(info.vendors.map((v) => v.name).sort()).toEqual(VENDORS);

    // The manual clock moves only when told to.
    const advanced = await within(
      fetch(`${origin}/__jobkit/clock`, {
        method: 'POST',
        body: JSON.stringify({ advanceMs: 60_000 }),
        headers: { 'content-type': 'application/json' },
      }),
      'POST /__jobkit/clock',
    );
    expect(advanced.status).toBe(200);
    const after = (await (await within(fetch(happy.url), happy.url)).json()) as { status: string };
    expect(after.status).toBe('completed');

    expect(await stop(served)).toEqual({ code: 0, signal: null });
    expect(served.stderr()).toBe('');
  });

  it('logs each request with vendor, job, state and a fault marker, and keeps it for GET /__jobkit/requests', async () => {
    const served = start(['--port', '0', '--seed', '5', '--clock', 'manual']);
    const { origin, demo } = await banner(served);
    const happy = demo.find((d) => d.vendor === 'dakera' && d.scenario === 'happy');
    if (!happy) throw new Error('no dakera happy demo job');
    const id = /\/v1\/import\/([^/]+)\/status/.exec(happy.url)?.[1] as string;
    await (await within(fetch(happy.url), happy.url)).body?.cancel();
    const fault = await within(
      fetch(`${origin}/__jobkit/faults`, {
        method: 'POST',
        body: JSON.stringify({ vendor: 'dakera', status: 503, times: 1 }),
        headers: { 'content-type': 'application/json' },
      }),
      'POST /__jobkit/faults',
    );
    const { id: faultId } = (await fault.json()) as { id: string };
    await (await within(fetch(happy.url), happy.url)).body?.cancel();

    const log = await within(fetch(`${origin}/__jobkit/requests?job=${id}`), '/__jobkit/requests');
    const { requests } = (await log.json()) as { requests: { status: number; fault?: { id: string } }[] };
    expect(requests.map((r) => r.status)).toEqual([200, 503]);
    expect(requests[1]?.fault?.id).toBe(faultId);

    // The lines come through a pipe: wait for the last one to arrive.
    await within(
      new Promise<void>((resolve) => {
        const check = () => {
          if (served.stdout().includes(`[fault ${faultId} `)) resolve();
        };
        served.child.stdout.on('data', check);
        check();
      }),
      'the faulted request in the log',
    );
    const lines = served.stdout().split('\n');
    const polls = lines.filter((l) => l.includes(`job=${id}`));
    expect(polls).toHaveLength(2);
    expect(polls[0]).toMatch(
      new RegExp(`GET /v1/import/${id}/status 200 \\d+\\.\\dms dakera job=${id} state=\\S+`),
    );
    expect(polls[1]).toContain(`[fault ${faultId} status 503]`);
    // The admin API's successful reads are not printed; its changes are.
    expect(lines.some((l) => l.includes('GET /__jobkit/requests'))).toBe(false);
    expect(lines.some((l) => l.includes('POST /__jobkit/faults 201'))).toBe(true);
    expect((await stop(served)).code).toBe(0);
  });

  it('a second serve on the same port exits 2 with a one-line "in use" message', async () => {
    const first = start(['--port', '0', '--clock', 'manual', '--no-demo', '-q']);
    const { origin } = await banner(first);
    const port = new URL(origin).port;

    const second = start(['--port', port, '--clock', 'manual', '--no-demo', '-q']);
    const result = await within(second.exited, 'the second serve to exit');
    expect(result.code, second.stderr()).toBe(2);
    const stderr = second.stderr();
    expect(stderr).toMatch(new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is in use`));
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(second.stdout()).not.toContain('jobkit mock server on');

    // The first server is unharmed.
    const res = await within(fetch(`${origin}/__jobkit/jobs`), 'the first server');
    expect(res.status).toBe(200);
    expect(await stop(first)).toEqual({ code: 0, signal: null });
  });

  it.each([
    [['--speed', '-1'], /--speed/],
    [['--speed=-1'], /--speed must be a positive number, not "-1"/],
    [['--speed', '0'], /--speed must be a positive number, not "0"/],
    [['--port', '70000'], /--port must be a port number \(0–65535\), not "70000"/],
    [['--seed', '1.5'], /--seed must be an integer, not "1\.5"/],
    [['--clock', 'sideways'], /--clock must be real or manual, not "sideways"/],
    [['--max-jobs', '0'], /--max-jobs must be a positive integer/],
  ])('serve %j exits 2 with a usage message, no stack trace, no server', async (args, message) => {
    const served = start([...(args.some((a) => a.startsWith('--port')) ? [] : ['--port', '0']), ...args]);
    const result = await within(served.exited, `serve ${args.join(' ')} to exit`);
    expect(result.code, served.stderr()).toBe(2);
    expect(served.stderr()).toMatch(message);
    expect(served.stderr()).not.toMatch(/\n\s+at /);
    expect(served.stdout()).not.toContain('jobkit mock server on');
  });
});
