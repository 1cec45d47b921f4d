import type { Context } from 'hono';
import { isObject } from '../../util/json.js';
import { jsonOf, type MockEnv } from '../body.js';
import { json } from '../respond.js';
import type { AdminRefusal } from './schemas.js';

export type C = Context<MockEnv>;

export function refuse(r: AdminRefusal): Response {
  const { status, code, message, issues } = r;
  return json({ error: { code, message }, ...(issues ? { issues } : {}) }, status);
}

export const adminError = (status: number, code: string, message: string) =>
  refuse({ status, code, message });

/** The admin API takes a JSON object; an empty body is an empty one. */
export function objectBody(c: C): Record<string, unknown> | Response {
  const read = jsonOf(c.get('bodyText'));
  if (!read.ok) {
    const r = read.refusal;
    if (r.why === 'too-deep')
      return adminError(400, 'invalid_json', `Body nests deeper than ${r.limit} arrays or objects.`);
    const where = r.why === 'not-json' ? `line ${r.line} column ${r.column}: ${r.reason}` : '';
    return adminError(400, 'invalid_json', `Body is not JSON: ${where}.`);
  }
  if (read.value === undefined) return {};
  if (!isObject(read.value)) return adminError(400, 'invalid_body', 'Body must be a JSON object.');
  return read.value;
}

export const origin = (c: C) => new URL(c.req.url).origin;

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
