import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one GET answers: a body (sent as JSON), or a raw answer. */
export type Answer = unknown | { raw: string; status?: number; contentType?: string };

export function raw(text: string, status = 200, contentType = 'text/html'): Answer {
  return { raw: text, status, contentType };
}

/**
 * A job-status server written for the tests, not by jobkit: each GET /jobs/<name> answers the
 * next item of that job's script, then repeats the last one. Seeded defects live in the scripts.
 * `url(name, jobId)` asks for /jobs/<name>/<jobId>, the same script under the id its bodies carry;
 * another id there is a 404, as a real job store answers.
 */
export async function scriptedServer(
  scripts: Record<string, Answer[]>,
): Promise<{ url: (name: string, jobId?: string) => string; close: () => Promise<void> }> {
  const served = new Map<string, number>();
  const jobIds = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    // A path outside /jobs/ names its script whole.
    const [name = '', jobId] = path.startsWith('/jobs/')
      ? path
          .slice('/jobs/'.length)
          .split('/')
          .map((s) => decodeURIComponent(s))
      : [decodeURIComponent(path)];
    const script = Object.hasOwn(scripts, name) ? scripts[name] : undefined;
    if (!script || (jobId !== undefined && jobId !== jobIds.get(name))) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such job"}');
      return;
    }
    const i = served.get(name) ?? 0;
    served.set(name, i + 1);
    const answer = script[Math.min(i, script.length - 1)];
    if (answer !== null && typeof answer === 'object' && 'raw' in (answer as object)) {
      const a = answer as { raw: string; status?: number; contentType?: string };
      res.writeHead(a.status ?? 200, { 'content-type': a.contentType ?? 'text/plain' }).end(a.raw);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name, jobId) => {
      if (jobId === undefined) return `http://127.0.0.1:${port}/jobs/${encodeURIComponent(name)}`;
      jobIds.set(name, jobId);
      return `http://127.0.0.1:${port}/jobs/${encodeURIComponent(name)}/${encodeURIComponent(jobId)}`;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
