import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../src/openapi/export.js';
import { createRegistry } from '../../src/vendors/registry.js';

/** A vendor's request window in the OpenAPI export: its headers on every response, its 429. */

const registry = createRegistry();
type Responses = Record<string, { headers?: Record<string, unknown> }>;
const doc = buildOpenApi({ registry }) as { paths: Record<string, Record<string, { responses: Responses }>> };

describe('openapi: request windows', () => {
  it("Dakera's status operation lists the window headers on every response, and a 429 with Retry-After", () => {
    const responses = doc.paths['/v1/import/{job_id}/status']?.get?.responses as Responses;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['200', '404', '429']));
    for (const [status, response] of Object.entries(responses))
      expect(Object.keys(response.headers ?? {}), status).toEqual(
        expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']),
      );
    expect(Object.keys(responses['429']?.headers ?? {})).toContain('Retry-After');
  });

  it('a vendor without one lists none', () => {
    const posthog = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/projects/'));
    expect(posthog.length).toBeGreaterThan(0);
    for (const [, ops] of posthog)
      for (const op of Object.values(ops))
        for (const response of Object.values(op.responses))
          expect(Object.keys(response.headers ?? {})).not.toContain('X-RateLimit-Limit');
  });
});
