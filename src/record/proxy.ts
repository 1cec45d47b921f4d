import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JobkitError } from '../errors.js';
import type { Exchange } from './exchange.js';

export interface ProxyOptions {
  /** Where requests go: an origin, optionally with a base path that request paths are appended to. */
  target: string;
  /** Address to bind (default 127.0.0.1: the proxy sees credentials, so it listens on loopback unless told). */
  host?: string;
  /** Port (default 0: a free one). */
  port?: number;
  /** Largest request or response body forwarded (default 10 MiB); past it the proxy answers 413 or 502. */
  maxBodyBytes?: number;
  /** Longest a request may take upstream, headers and body (default 30 s); then the proxy answers 504. */
  timeoutMs?: number;
  /** Called once per answered request, after the client has its answer. */
  onExchange: (exchange: Exchange) => void;
}

export interface Proxy {
  /** http://host:port of the proxy, no trailing slash. */
  url: string;
  /** Stops accepting, lets requests in flight finish (each bounded by the timeout), then closes. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Per-connection headers (RFC 9110 §7.6.1) and what fetch sets or undoes itself: never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);
/** fetch hands back the body decoded, so its encoding and length headers no longer describe it. */
const DROPPED_FROM_ANSWER = new Set([...HOP_BY_HOP, 'content-encoding']);

/** A reverse proxy on node:http that forwards with fetch and reports each exchange. */
export async function startProxy(options: ProxyOptions): Promise<Proxy> {
  const target = parseTarget(options.target);
  const limits = {
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const done = forward(req, res, target, limits)
      .then(options.onExchange)
      .catch(() => {
        // The client went away mid-answer: nothing to record, nothing to tell.
      })
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  });
  server.requestTimeout = limits.timeoutMs + 5_000;
  server.headersTimeout = Math.min(60_000, limits.timeoutMs + 5_000);
  const url = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}

function parseTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new JobkitError(
      'usage',
      `--target must be an http(s) URL such as http://127.0.0.1:4010, not "${text}".`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new JobkitError('usage', `--target must be an http(s) URL, not "${text}".`);
  return url;
}

function listen(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new JobkitError(
          'usage',
          `Cannot listen on ${host}:${port}: ${error.code ?? error.message}${error.code === 'EADDRINUSE' ? ' (the port is taken; pick another with --port, or --port 0 for a free one)' : ''}.`,
        ),
      ),
    );
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shown}:${address.port}`);
    });
  });
}

/** The upstream URL: the target's base path, then the request's path and query. */
function upstreamUrl(target: URL, requestUrl: string): string {
  const base = target.pathname.replace(/\/$/, '');
  return `${target.origin}${base}${requestUrl.startsWith('/') ? requestUrl : `/${requestUrl}`}`;
}

async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  limits: { maxBodyBytes: number; timeoutMs: number },
): Promise<Exchange> {
  const startedMs = Date.now();
  const method = req.method ?? 'GET';
  const url = upstreamUrl(target, req.url ?? '/');
  const requestHeaders = pairs(req.rawHeaders);
  const base = { startedMs, method, url, requestHeaders };
  const reply = (status: number, error: string, requestBody: Buffer = Buffer.alloc(0)): Exchange => {
    const body = Buffer.from(`${JSON.stringify({ error: `jobkit record: ${error}` })}\n`);
    const headers: [string, string][] = [['content-type', 'application/json']];
    res.writeHead(status, Object.fromEntries(headers));
    res.end(body);
    return {
      ...base,
      endedMs: Date.now(),
      requestBody,
      status,
      statusText: '',
      responseHeaders: headers,
      responseBody: body,
      error,
    };
  };

  const requestBody = await readCapped(req, limits.maxBodyBytes);
  if (requestBody === undefined)
    return reply(
      413,
      `the request body is larger than ${limits.maxBodyBytes} bytes (raise --max-body-bytes).`,
    );

  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: requestHeaders.filter(([n]) => !HOP_BY_HOP.has(n.toLowerCase())),
      ...(requestBody.length > 0 && method !== 'GET' && method !== 'HEAD' ? { body: requestBody } : {}),
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    if (signal.aborted)
      return reply(504, `${target.origin} sent no answer within ${limits.timeoutMs} ms.`, requestBody);
    return reply(502, `cannot reach ${target.origin}: ${causeOf(error)}.`, requestBody);
  }
  let responseBody: Buffer | undefined;
  try {
    responseBody = response.body ? await readCapped(response.body, limits.maxBodyBytes) : Buffer.alloc(0);
  } catch (error) {
    const why = signal.aborted ? `stopped sending its body within ${limits.timeoutMs} ms` : causeOf(error);
    return reply(502, `${target.origin} broke off its answer: ${why}.`, requestBody);
  }
  if (responseBody === undefined) {
    await response.body?.cancel().catch(() => {});
    return reply(
      502,
      `${target.origin} answered a body larger than ${limits.maxBodyBytes} bytes.`,
      requestBody,
    );
  }
  const responseHeaders = answerHeaders(response.headers);
  res.writeHead(response.status, response.statusText, responseHeaders);
  res.end(responseBody);
  return {
    ...base,
    endedMs: Date.now(),
    requestBody,
    status: response.status,
    statusText: response.statusText,
    responseHeaders,
    responseBody,
  };
}

/** The upstream's headers as sent on, set-cookie kept one per value. */
function answerHeaders(headers: Headers): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of headers) {
    if (name === 'set-cookie' || DROPPED_FROM_ANSWER.has(name)) continue;
    out.push([name, value]);
  }
  for (const cookie of headers.getSetCookie()) out.push(['set-cookie', cookie]);
  return out;
}

/** The whole stream, or undefined once it passes `max` bytes (the rest is not read). */
async function readCapped(
  stream: AsyncIterable<Uint8Array | string>,
  max: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    size += buf.length;
    if (size > max) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function pairs(raw: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i] as string, raw[i + 1] as string]);
  return out;
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
