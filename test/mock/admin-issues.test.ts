import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import type { ValidationIssue } from '../../src/schema/issues.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { mockApp } from '../helpers/server.js';

interface Refused {
  error: { code: string; message: string };
  issues?: ValidationIssue[];
}

/** The admin API's bodies are checked by JSON Schemas; a refusal carries their issues as data. */
const registry = createRegistry();
const server = mockApp({ registry, seed: 3, clock: createManualClock() });

async function post(path: string, body: unknown) {
  const res = await server.app.request(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as Refused };
}

describe('admin refusals as data', () => {
  it('an unknown vendor: the enum issue, with what was expected and received', async () => {
    const reply = await post('/__jobkit/jobs', { vendor: 'acme' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('unknown_vendor');
    expect(reply.body.issues).toContainEqual(
      expect.objectContaining({
        pointer: '/vendor',
        keyword: 'enum',
        expected: registry.names(),
        received: 'acme',
      }),
    );
  });

  it('a fault with a bad rate and an unknown field lists both', async () => {
    const reply = await post('/__jobkit/faults', { errorRate: 2, rate: 1 });
    expect(reply.body.error.code).toBe('invalid_fault');
    const where = (reply.body.issues ?? []).map((i) => `${i.pointer} ${i.keyword}`);
    expect(where).toEqual(expect.arrayContaining(['/rate additionalProperties', '/errorRate maximum']));
  });

  it('a missing advanceMs is a required issue', async () => {
    const reply = await post('/__jobkit/clock', {});
    expect(reply.status).toBe(400);
    expect(reply.body.issues).toEqual([
      expect.objectContaining({ pointer: '/advanceMs', keyword: 'required' }),
    ]);
  });

  it("a refusal that is not the schema's (a duplicate id) has no issues", async () => {
    await post('/__jobkit/jobs', { vendor: 'weaviate', id: 'once' });
    const reply = await post('/__jobkit/jobs', { vendor: 'weaviate', id: 'once' });
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({ error: { code: 'job_exists', message: expect.any(String) } });
  });
});
