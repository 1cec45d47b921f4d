import { describeFetchError } from '../transport.js';
import { resolveUrl, type StepContext, SuiteStepError, substitute, substituteDeep } from './template.js';
import type { RequestSpec, StatusExpectation } from './types.js';

export function statusOk(expect: StatusExpectation | undefined, status: number): boolean {
  if (expect === undefined) return status >= 200 && status < 300;
  return Array.isArray(expect) ? expect.includes(status) : expect === status;
}

/** Sends a step's request with the suite's headers and variables filled in; unreachable is a SuiteStepError. */
export async function send(
  request: RequestSpec,
  ctx: StepContext,
): Promise<{ url: string; status: number; text: string; headers: Headers }> {
  const url = resolveUrl(request.path, ctx);
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [k, v] of Object.entries({ ...ctx.headers, ...(request.headers ?? {}) }))
    headers[k] = substitute(v, ctx);
  let body: string | undefined;
  if (request.body !== undefined) {
    body = JSON.stringify(substituteDeep(request.body, ctx));
    headers['content-type'] ??= 'application/json';
  }
  try {
    const res = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(30_000),
    });
    return { url, status: res.status, text: await res.text(), headers: res.headers };
  } catch (error) {
    throw new SuiteStepError({
      rule: 'connection',
      poll: 0,
      pointer: '',
      message: `${method} ${url}: cannot reach the server: ${describeFetchError(error)}`,
    });
  }
}
