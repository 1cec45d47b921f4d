import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { type Served, startServe } from '../helpers/serve.js';

/** `jobkit serve --rate-limit` and the config's rateLimits reach a real server's request windows. */

const dir = mkdtempSync(join(tmpdir(), 'jobkit-rate-limit-'));
const running: Served[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function dakeraStatusUrl(origin: string): Promise<string> {
  const res = await fetch(`${origin}/__jobkit/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vendor: 'dakera', scenario: 'stuck' }),
  });
  return ((await res.json()) as { statusUrl: string }).statusUrl;
}

describe('jobkit serve --rate-limit', () => {
  it('VENDOR=N/SECONDS sets the window: the request over it is a 429 with Retry-After', async () => {
    const served = await startServe(['--no-demo', '--clock', 'manual', '--rate-limit', 'dakera=2/30']);
    running.push(served);
    const url = await dakeraStatusUrl(served.origin);
    const first = await fetch(url);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await fetch(url)).status).toBe(200);
    const refused = await fetch(url);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
  });

  it('VENDOR=off, and the config file, take the window away', async () => {
    const off = await startServe(['--no-demo', '--rate-limit', 'dakera=off']);
    running.push(off);
    expect((await fetch(await dakeraStatusUrl(off.origin))).headers.has('x-ratelimit-limit')).toBe(false);
    const config = join(dir, 'limits.json');
    writeFileSync(config, JSON.stringify({ rateLimits: { dakera: { limit: 7, windowSeconds: 5 } } }));
    const fromFile = await startServe(['--no-demo', '--config', config]);
    running.push(fromFile);
    expect((await fetch(await dakeraStatusUrl(fromFile.origin))).headers.get('x-ratelimit-limit')).toBe('7');
  });

  it.each([['dakera'], ['dakera=0/60'], ['dakera=5/0'], ['dakera=five/60']])(
    '--rate-limit %s is a usage error',
    async (value) => {
      const run = await cli(['serve', '--port', '0', '--no-demo', '-q', '--rate-limit', value]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--rate-limit must be vendor=requests\/seconds/);
    },
  );

  it('an unknown vendor is a usage error naming the vendors', async () => {
    const run = await cli(['serve', '--port', '0', '--no-demo', '-q', '--rate-limit', 'nope=1/1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /\(--rate-limit, or rateLimits in the config or the library\) names no vendor "nope"\. The vendors are: .*dakera/,
    );
  });
});
