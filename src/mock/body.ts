import type { MiddlewareHandler } from 'hono';
import { concatBytes } from '../util/bytes.js';
import { parseJsonLocated } from '../util/json.js';
import type { AppliedFault } from './request-log.js';

/** Why a request body was refused, for the caller to word in its own error format. */
export type BodyRefusal =
  | { why: 'too-large'; limit: number }
  | { why: 'not-json'; line: number; column: number; reason: string }
  | { why: 'too-deep'; limit: number };

/** Arrays and objects nest at most this deep in a request body (no vendor's request comes near). */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests deeper than `limit`, found by counting brackets outside strings before
 * anything parses it: the parser, the schema check and the templates all recurse on depth.
 */
export function nestsDeeper(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > limit) return true;
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) depth--;
  }
  return false;
}

/** `fault`: what the faults in scope did to this request (fault-answer.ts), for the request log. */
export type MockEnv = { Variables: { bodyText: string; fault?: AppliedFault } };

const TOO_LARGE = Symbol('too large');

/**
 * The request body as text, counted as it streams in: a declared or streamed size over `limit`
 * stops the read (a chunked upload cannot exhaust memory).
 */
async function readLimited(req: Request, limit: number): Promise<string | typeof TOO_LARGE> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > limit) return TOO_LARGE;
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(concatBytes(chunks));
}

/**
 * The app's one body reader and its one size limit: a middleware that reads the body of every
 * request routed through it before its handler runs, and refuses an oversized one in the words
 * of `refuse` (each sub-app has its own error format).
 */
export function readBody(
  limit: number,
  refuse: (c: Parameters<MiddlewareHandler<MockEnv>>[0], refusal: BodyRefusal) => Response,
): MiddlewareHandler<MockEnv> {
  return async (c, next) => {
    const text = c.req.raw.body || c.req.header('content-length') ? await readLimited(c.req.raw, limit) : '';
    if (text === TOO_LARGE) return refuse(c, { why: 'too-large', limit });
    c.set('bodyText', text);
    await next();
  };
}

/** Whether a request says it carries a body (a length above zero, or chunks). */
export function declaresBody(headers: { get(name: string): string | null }): boolean {
  const length = headers.get('content-length');
  return (length !== null && length !== '0') || headers.get('transfer-encoding') !== null;
}

/**
 * Answers to a request whose body no route read close the connection after them, so the rest
 * of the body is not read (a keep-alive connection would have to drain it first).
 */
export const closeUnread: MiddlewareHandler<MockEnv> = async (c, next) => {
  await next();
  if (c.get('bodyText') === undefined && declaresBody(c.req.raw.headers))
    c.res.headers.set('connection', 'close');
};

/** The body read by `readBody` as JSON: undefined when empty, a refusal when not JSON. */
export function jsonOf(
  text: string | undefined,
): { ok: true; value: unknown } | { ok: false; refusal: BodyRefusal } {
  if (text === undefined || text.trim() === '') return { ok: true, value: undefined };
  if (nestsDeeper(text, MAX_JSON_DEPTH))
    return { ok: false, refusal: { why: 'too-deep', limit: MAX_JSON_DEPTH } };
  const parsed = parseJsonLocated(text);
  if (parsed.ok) return { ok: true, value: parsed.value };
  const { line, column, reason } = parsed;
  return { ok: false, refusal: { why: 'not-json', line, column, reason } };
}
