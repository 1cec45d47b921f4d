import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { MockServer } from './server.js';

/**
 * The mock as a node:http request listener. Status GETs of known jobs (what clients poll, over
 * and over) are answered directly; everything else goes through the Hono app, which answers the
 * same status GETs identically (a test compares the two).
 */
export function createRequestListener(mock: MockServer): RequestListener {
  const hono = getRequestListener(mock.app.fetch);
  const log = mock.log;
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url !== undefined) {
      const start = log ? performance.now() : 0;
      const hit = mock.fastStatus(req.url);
      if (hit) {
        res.writeHead(200, hit.headers);
        res.end(hit.body);
        if (log) {
          const q = req.url.indexOf('?');
          log(
            `GET ${q === -1 ? req.url : req.url.slice(0, q)} 200 ${(performance.now() - start).toFixed(1)}ms`,
          );
        }
        return;
      }
    }
    void hono(req, res);
  };
}
