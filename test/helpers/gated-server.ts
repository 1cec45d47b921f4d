import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatedServer {
  origin: string;
  /** The most requests the server held at once. */
  maxInFlight(): number;
  /** Paths in the order the requests arrived. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A job-status server for concurrency tests: GET /jobs/<name> answers the next body of that job's
 * script (then repeats the last), but holds each answer until `together` requests are in flight or
 * `holdMs` has passed. A client that sends requests side by side is seen with two in flight at once;
 * one that sends them in turn only ever has one, and waits `holdMs` each time.
 */
export async function gatedServer(
  scripts: Record<string, unknown[]>,
  options: { together?: number; holdMs?: number } = {},
): Promise<GatedServer> {
  const together = options.together ?? 2;
  const holdMs = options.holdMs ?? 150;
  const served = new Map<string, number>();
  let inFlight = 0;
  let max = 0;
  const held: (() => void)[] = [];
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    seen.push(path);
    const name = decodeURIComponent(path.replace(/^\/jobs\//, ''));
    const script = scripts[name];
    if (!Object.hasOwn(scripts, name) || !script) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such job"}');
      return;
    }
    const i = served.get(name) ?? 0;
    served.set(name, i + 1);
    const body = JSON.stringify(script[Math.min(i, script.length - 1)]);
    inFlight++;
    max = Math.max(max, inFlight);
    let done = false;
    const answer = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    };
    const timer = setTimeout(answer, holdMs);
    held.push(answer);
    if (inFlight >= together) for (const release of held.splice(0)) release();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    maxInFlight: () => max,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const release of held.splice(0)) release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
