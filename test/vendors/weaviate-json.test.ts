import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { readReply } from '../helpers/http.js';
import { mockApp } from '../helpers/server.js';

/**
 * A create body Weaviate cannot parse never reaches its handler: the generated binder
 * (adapters/handlers/rest/operations/export/export_create_parameters.go) wraps the JSON decoder's
 * error in go-openapi's errors.NewParseError("body", "body", "", err), which go-swagger's
 * ServeError renders as 400 {"code":400,"message":"parsing body body from \"\" failed, because …"},
 * the reason in Go's encoding/json words (weaviate/weaviate#2705 shows one answer verbatim:
 * `{"code":400,"message":"parsing body body from \"\" failed, because invalid character '\\n' in
 * string literal"}`).
 */

const registry = createRegistry();

async function post(body: string) {
  const server = mockApp({ registry, seed: 2, clock: createManualClock() });
  const res = await server.app.request('/v1/export/filesystem', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { reply: await readReply<{ code: number; message: string }>(res), made: server.store.size };
}

describe('Weaviate create with a body that is not JSON', () => {
  it.each([
    ['truncated', '{"id":"x","file_format":', 'unexpected EOF'],
    ['an unquoted key', '{id:"x"}', "invalid character 'i' looking for beginning of object key string"],
    [
      'a single-quoted key',
      "{'id':'x'}",
      "invalid character '\\'' looking for beginning of object key string",
    ],
    ['plain text', 'nope', "invalid character 'o' in literal null (expecting 'u')"],
    [
      'a missing comma',
      '{"id":"x" "file_format":"parquet"}',
      "invalid character '\"' after object key:value pair",
    ],
    ['a missing colon', '{"id" "x"}', "invalid character '\"' after object key"],
    [
      'a trailing comma in a list',
      '{"include":["A",]}',
      "invalid character ']' looking for beginning of value",
    ],
    ['a number cut at its point', '{"n":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['an exponent with no digits', '{"n":1e+x}', "invalid character 'x' in exponent of numeric literal"],
    ['a bad escape', '{"id":"a\\qb"}', "invalid character 'q' in string escape code"],
    ['a raw newline in a string', '{"id":"a\nb"}', "invalid character '\\n' in string literal"],
    ['a short \\u escape', '{"id":"\\u12x4"}', "invalid character 'x' in \\u hexadecimal character escape"],
  ])('answers go-swagger 400 {code, message} for %s', async (_what, body, reason) => {
    const { reply, made } = await post(body);
    expect(reply.status).toBe(400);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body).toEqual({ code: 400, message: `parsing body body from "" failed, because ${reason}` });
    expect(made).toBe(0);
  });

  it('keeps 422 {code, message} for JSON that breaks the schema', async () => {
    const { reply } = await post('{"id":"x"}');
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({ code: 602, message: 'file_format in body is required' });
  });
});
