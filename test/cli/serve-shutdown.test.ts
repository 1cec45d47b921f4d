import { afterEach, describe, expect, it } from 'vitest';
import { type Served, startServe } from '../helpers/serve.js';

/** `jobkit serve` stopping: in-flight requests finish within the grace period, then it exits. */

const JSON_TYPE = { 'content-type': 'application/json' };
const running: Served[] = [];

afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

async function serve(args: string[]): Promise<Served> {
  const s = await startServe(['--clock', 'manual', ...args]);
  running.push(s);
  return s;
}

/** A Dakera status GET delayed `latencyMs` by an injected fault, started and left in flight. */
async function slowRequest(s: Served, latencyMs: number): Promise<{ pending: Promise<Response> }> {
  const created = await fetch(`${s.origin}/__jobkit/jobs`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ vendor: 'dakera' }),
  });
  const { statusUrl } = (await created.json()) as { statusUrl: string };
  const fault = await fetch(`${s.origin}/__jobkit/faults`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ vendor: 'dakera', latencyMs }),
  });
  expect(fault.status).toBe(201);
  const pending = fetch(statusUrl);
  // Not settled yet: the caller sees it fail if it is cut.
  pending.catch(() => undefined);
  // The request must have reached the server before the signal.
  await new Promise((r) => setTimeout(r, 150));
  // In an object: an async function would wait for a promise it returns.
  return { pending };
}

const elapsed = (since: number) => performance.now() - since;

describe('jobkit serve stops gracefully', () => {
  it('SIGTERM lets a slow request in flight finish, refuses new connections, then exits 0', async () => {
    const s = await serve(['--no-demo', '--grace-ms', '5000']);
    const { pending } = await slowRequest(s, 1200);
    const since = performance.now();
    s.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${s.origin}/__jobkit`)).rejects.toThrow();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('running');
    expect(await s.exited).toBe(0);
    expect(elapsed(since)).toBeLessThan(4000);
    expect(s.stdout()).toMatch(/stopping; letting 1 request\(s\) in flight finish for up to 5000 ms/);
  });

  it("the grace period's end cuts a request whose fault would keep it much longer, and the timer holds nothing open", async () => {
    const s = await serve(['--no-demo', '--grace-ms', '400']);
    const { pending } = await slowRequest(s, 60_000);
    const since = performance.now();
    s.kill('SIGTERM');
    await expect(pending).rejects.toThrow();
    expect(await s.exited).toBe(0);
    expect(elapsed(since)).toBeLessThan(3000);
    expect(s.stdout()).toMatch(/grace period ended; 1 request\(s\) cut/);
  });

  it('a second signal stops at once', async () => {
    const s = await serve(['--no-demo', '--grace-ms', '60000']);
    const { pending } = await slowRequest(s, 60_000);
    const since = performance.now();
    s.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    s.kill('SIGINT');
    await expect(pending).rejects.toThrow();
    expect(await s.exited).toBe(130);
    expect(elapsed(since)).toBeLessThan(3000);
  });

  it('with nothing in flight it exits at once and says nothing', async () => {
    const s = await serve(['--grace-ms', '60000']);
    const since = performance.now();
    expect(await s.stop()).toBe(0);
    expect(elapsed(since)).toBeLessThan(2000);
    expect(s.stdout()).not.toMatch(/stopping/);
  });
});
