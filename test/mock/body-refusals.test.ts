import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { parseJsonLocated } from '../../src/util/json.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { mockApp } from '../helpers/server.js';

/**
 * Vendor routes and the admin API read JSON bodies through one helper but refuse them in their
 * own words: each message, status and code here is pinned exactly. (A body over the limit is
 * refused by the bodyLimit middleware first, in the same words as the helper.)
 */

const LIMIT = 1024;
const registry = createRegistry();
const makeServer = () => mockApp({ registry, seed: 4, clock: createManualClock(), maxBodyBytes: LIMIT });
const big = JSON.stringify({ pad: 'x'.repeat(LIMIT) });
const size = String(Buffer.byteLength(big));
const malformed = '{\n  "RoleArn": "x"\n  "S3UrlPrefix": "y"\n}';
const where = (() => {
  const parsed = parseJsonLocated(malformed);
  if (parsed.ok) throw new Error('expected a parse error');
  return parsed;
})();

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await makeServer().app.request(path, {
    method: 'POST',
    body,
    // The admin API takes only JSON (the mock's own pages send it so); vendor routes do not mind.
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('request bodies refused', () => {
  it.each([
    [
      'too large',
      big,
      { 'content-length': size },
      413,
      `Request body is too large: the limit is ${LIMIT} bytes.`,
    ],
    [
      'not JSON',
      malformed,
      {},
      400,
      `JSON parse error at line ${where.line} column ${where.column}: ${where.reason}`,
    ],
  ])('by a vendor route (Pinpoint), %s', async (_what, body, headers, status, message) => {
    const reply = await post('/v1/apps/a/jobs/export', body, headers);
    expect(reply.status).toBe(status);
    expect(reply.body.Message).toBe(message);
  });

  it.each([
    [
      'too large',
      big,
      { 'content-length': size },
      413,
      'payload_too_large',
      `Body is too large: the limit is ${LIMIT} bytes.`,
    ],
    [
      'not JSON',
      malformed,
      {},
      400,
      'invalid_json',
      `Body is not JSON: line ${where.line} column ${where.column}: ${where.reason}.`,
    ],
    ['not an object', '[1]', {}, 400, 'invalid_body', 'Body must be a JSON object.'],
  ])('by the admin API, %s', async (_what, body, headers, status, code, message) => {
    const reply = await post('/__jobkit/clock', body, headers);
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({ error: { code, message } });
  });

  it('an empty body is no request body on a vendor route, and {} on the admin API', async () => {
    const created = await post('/v1/apps/a/jobs/export', '  ');
    expect(created.status).toBe(400); // Pinpoint's create needs RoleArn and S3UrlPrefix
    expect(String(created.body.Message)).toMatch(/^Invalid request body: \(body\) /);
    const reset = await post('/__jobkit/reset', '');
    expect(reset).toEqual({ status: 200, body: { jobs: 0 } });
  });
});
