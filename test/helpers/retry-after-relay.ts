import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A server in front of another that answers what it answers, adding `Retry-After` to the answers
 * `retryAfter(n)` names (n counts the GETs, from 1): a target that asks clients to wait, for the
 * client report's Retry-After findings.
 */
export async function retryAfterRelay(
  target: string,
  retryAfter: (get: number) => string | undefined,
): Promise<{ url: string; close: () => Promise<void> }> {
  let gets = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const body = Buffer.concat(chunks);
      const extra = method === 'GET' ? retryAfter(++gets) : undefined;
      fetch(`${target}${req.url ?? '/'}`, {
        method,
        headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json') },
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (r) => {
          const headers: Record<string, string> = { 'content-type': r.headers.get('content-type') ?? '' };
          if (extra !== undefined) headers['retry-after'] = extra;
          res.writeHead(r.status, headers).end(Buffer.from(await r.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
