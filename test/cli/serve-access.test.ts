import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { type Served, startServe } from '../helpers/serve.js';

/** `jobkit serve`'s safe defaults: the bind address, the admin token and allowed origins. */

const running: Served[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

describe('jobkit serve: who may reach it', () => {
  it.each([[''], ['   ']])('--host "%s" is a usage error, not every interface', async (host) => {
    const run = await cli(['serve', '--port', '0', '--host', host, '--no-demo']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--host must name an address/);
  });

  it('a host beyond loopback warns first, naming what the admin API needs', async () => {
    // 192.0.2.1 (TEST-NET-1) is on no interface here: the bind fails after the warning, and nothing listens.
    const closed = await cli(['serve', '--port', '0', '--host', '192.0.2.1', '--no-demo', '-q']);
    expect(closed.code).toBe(2);
    expect(closed.stderr).toMatch(/warning: --host 192\.0\.2\.1 reaches beyond this machine/);
    expect(closed.stderr).toMatch(/admin API is closed: pass --admin-token TOKEN \(or --unsafe-admin/);
    const open = await cli([
      'serve',
      '--port',
      '0',
      '--host',
      '192.0.2.1',
      '--unsafe-admin',
      '--no-demo',
      '-q',
    ]);
    expect(open.stderr).toMatch(/open to anyone who can reach it \(--unsafe-admin\)/);
    const token = await cli([
      'serve',
      '--port',
      '0',
      '--host',
      '192.0.2.1',
      '--admin-token',
      't',
      '--no-demo',
      '-q',
    ]);
    expect(token.stderr).toMatch(/needs the --admin-token/);
  });

  it.each([
    ['--admin-origin', 'localhost:3000', /--admin-origin must be an origin/],
    ['--admin-origin', 'http://localhost:3000/panel', /--admin-origin must be an origin/],
    ['--admin-origin', 'file:///tmp', /--admin-origin must be an origin/],
    ['--admin-token', 'has space', /--admin-token must be/],
    ['--grace-ms', '1.5', /--grace-ms must be/],
  ])('%s %s is a usage error', async (flag, value, message) => {
    const run = await cli(['serve', '--port', '0', flag, value, '--no-demo']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('--admin-token closes the admin API to requests without it; --admin-origin lets a panel in', async () => {
    const s = await startServe([
      '--no-demo',
      '--admin-token',
      'tok3n',
      '--admin-origin',
      'http://localhost:5173',
    ]);
    running.push(s);
    const without = await fetch(`${s.origin}/__jobkit/jobs`);
    expect(without.status).toBe(401);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const headers = { authorization: 'Bearer tok3n', 'content-type': 'application/json' };
    expect((await fetch(`${s.origin}/__jobkit/jobs`, { headers })).status).toBe(200);
    const post = (extra: Record<string, string>) =>
      fetch(`${s.origin}/__jobkit/reset`, { method: 'POST', headers: { ...headers, ...extra }, body: '{}' });
    expect((await post({ origin: 'http://localhost:5173' })).status).toBe(200);
    expect((await post({ origin: s.origin })).status).toBe(200);
    expect((await post({ origin: 'http://localhost:5174' })).status).toBe(403);
    expect((await post({ 'content-type': 'text/plain' })).status).toBe(415);
  });
});
