import { version } from '../version.js';
import { type Exchange, headerOf } from './exchange.js';
import { redactHeaders, redactUrl } from './redact.js';

/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) of what the proxy saw, in arrival order. */
export function toHar(exchanges: readonly Exchange[], options: { redact: boolean }): object {
  return {
    log: {
      version: '1.2',
      creator: { name: 'jobkit record', version: version() },
      entries: exchanges.map((e) => harEntry(e, options.redact)),
    },
  };
}

function harEntry(e: Exchange, redact: boolean): object {
  const url = redact ? redactUrl(e.url) : e.url;
  const requestHeaders = redact ? redactHeaders(e.requestHeaders) : e.requestHeaders;
  const responseHeaders = redact ? redactHeaders(e.responseHeaders) : e.responseHeaders;
  const wait = Math.max(0, e.endedMs - e.startedMs);
  const request: Record<string, unknown> = {
    method: e.method,
    url,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: requestHeaders.map(([name, value]) => ({ name, value })),
    queryString: queryOf(url),
    headersSize: -1,
    bodySize: e.requestBody.length,
  };
  if (e.requestBody.length > 0) {
    request.postData = {
      mimeType: headerOf(e.requestHeaders, 'content-type') ?? '',
      ...content(e.requestBody),
    };
  }
  const mimeType = headerOf(e.responseHeaders, 'content-type') ?? '';
  return {
    startedDateTime: new Date(e.startedMs).toISOString(),
    time: wait,
    request,
    response: {
      status: e.status,
      statusText: e.statusText,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: responseHeaders.map(([name, value]) => ({ name, value })),
      content: { size: e.responseBody.length, mimeType, ...content(e.responseBody) },
      redirectURL: headerOf(e.responseHeaders, 'location') ?? '',
      headersSize: -1,
      bodySize: e.responseBody.length,
      ...(e.error === undefined ? {} : { _error: e.error }),
    },
    cache: {},
    timings: { send: 0, wait, receive: 0 },
  };
}

/** UTF-8 text as it is; anything else base64, as HAR allows. */
function content(body: Buffer): { text: string; encoding?: 'base64' } {
  const text = body.toString('utf8');
  return Buffer.from(text, 'utf8').equals(body)
    ? { text }
    : { text: body.toString('base64'), encoding: 'base64' };
}

function queryOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}
