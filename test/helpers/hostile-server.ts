import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How one hostile route misbehaves; `body` is a JSON value it sends where it sends one. */
export type Behaviour =
  /** Headers, part of a body, then silence (the socket stays open). */
  | { kind: 'stall-after-headers'; body: unknown }
  /** Headers, part of a body, then the connection is destroyed. */
  | { kind: 'reset-mid-body'; body: unknown }
  /** A 200 whose body never ends: JSON-looking chunks as fast as the socket takes them. */
  | { kind: 'endless' }
  /** content-encoding: gzip over bytes that are not gzip. */
  | { kind: 'gzip-garbage' }
  /** `[` nested `depth` times. */
  | { kind: 'deep-json'; depth: number }
  /** 503 with this Retry-After header on every request (never a body to judge). */
  | { kind: 'retry-after'; header: string }
  /** A plain JSON body, the same on every request. */
  | { kind: 'json'; body: unknown }
  /** The body on the first request; every later one is never answered (not even headers). */
  | { kind: 'answer-then-hang'; body: unknown };

export interface HostileServer {
  url: (route: string, jobId?: string) => string;
  /** Requests each route has had. */
  requests: (route: string) => number;
  /** The headers of a route's last request. */
  lastHeaders: (route: string) => IncomingMessage['headers'] | undefined;
  close: () => Promise<void>;
}

/**
 * A server written to break the runner, not by jobkit: GET /hostile/<route>[/<job id>] behaves as
 * its route says. It keeps every socket so that close() ends stalled and endless answers too.
 */
export async function hostileServer(routes: Record<string, Behaviour>): Promise<HostileServer> {
  const counts = new Map<string, number>();
  const headers = new Map<string, IncomingMessage['headers']>();
  const server: Server = createServer((req, res) => {
    const route = decodeURIComponent((req.url ?? '').split('?')[0]?.split('/')[2] ?? '');
    counts.set(route, (counts.get(route) ?? 0) + 1);
    headers.set(route, req.headers);
    const behaviour = Object.hasOwn(routes, route) ? routes[route] : undefined;
    if (!behaviour) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such job"}');
      return;
    }
    if (behaviour.kind === 'answer-then-hang' && (counts.get(route) ?? 0) > 1) return;
    behave(behaviour, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (route, jobId) =>
      `http://127.0.0.1:${port}/hostile/${encodeURIComponent(route)}${jobId === undefined ? '' : `/${encodeURIComponent(jobId)}`}`,
    requests: (route) => counts.get(route) ?? 0,
    lastHeaders: (route) => headers.get(route),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function behave(b: Behaviour, req: IncomingMessage, res: ServerResponse): void {
  const json = { 'content-type': 'application/json' };
  switch (b.kind) {
    case 'stall-after-headers': {
      const text = JSON.stringify(b.body);
      res.writeHead(200, { ...json, 'content-length': String(text.length) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    case 'reset-mid-body': {
      const text = JSON.stringify(b.body);
      res.writeHead(200, { ...json, 'content-length': String(text.length) });
      res.write(text.slice(0, Math.floor(text.length / 2)), () => {
        setTimeout(() => req.socket.destroy(), 20);
      });
      return;
    }
    case 'answer-then-hang':
      res.writeHead(200, json).end(JSON.stringify(b.body));
      return;
    case 'endless': {
      res.writeHead(200, json);
      res.write('[');
      const chunk = `${'"endless",'.repeat(6553)}`;
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) {}
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    case 'gzip-garbage':
      res
        .writeHead(200, { ...json, 'content-encoding': 'gzip' })
        .end(Buffer.from('this is not gzip at all, not even close'));
      return;
    case 'deep-json':
      res.writeHead(200, json).end(`${'['.repeat(b.depth)}${']'.repeat(b.depth)}`);
      return;
    case 'retry-after':
      res.writeHead(503, { ...json, 'retry-after': b.header }).end('{"message":"slow down"}');
      return;
    case 'json':
      res.writeHead(200, json).end(JSON.stringify(b.body));
      return;
  }
}
