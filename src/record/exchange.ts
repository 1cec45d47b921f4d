/** One request the proxy forwarded and what came back, as it saw them (secrets not yet redacted). */
export interface Exchange {
  /** ms since the epoch: the request arrived. */
  startedMs: number;
  /** ms since the epoch: the answer was complete (or the proxy gave up). */
  endedMs: number;
  method: string;
  /** The upstream URL the request went to. */
  url: string;
  requestHeaders: [string, string][];
  requestBody: Buffer;
  status: number;
  statusText: string;
  responseHeaders: [string, string][];
  responseBody: Buffer;
  /** Why the proxy answered itself (unreachable target, timeout, a body past the cap). */
  error?: string;
}

/** A response header, by name in any case. */
export function headerOf(headers: readonly [string, string][], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** The response body as JSON, or undefined when it is not (or not valid). */
export function jsonOf(exchange: Exchange): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(exchange.responseBody.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}
