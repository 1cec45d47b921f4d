import { expect } from 'vitest';
import { createRegistry } from '../../src/vendors/registry.js';

/** An answer read whole: status, headers, text, and the text parsed as JSON (undefined when empty). */
export interface Reply<T> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export async function readReply<T>(res: Response): Promise<Reply<T>> {
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

/** For validating bodies only; servers under test get registries of their own. */
const registry = createRegistry();

/** The body is valid against the vendor's schema (its status body when no schema is named). */
export function expectValid(vendor: string, body: unknown, schema?: string): void {
  const result = registry.get(vendor).validate(body, schema);
  expect(result.issues, `${vendor} ${schema ?? '(status body)'}: ${JSON.stringify(body)}`).toEqual([]);
  expect(result.valid).toBe(true);
}
