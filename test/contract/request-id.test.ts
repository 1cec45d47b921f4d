import { describe, expect, it } from 'vitest';
import { requestedId } from '../../src/contract/request-id.js';
import { createRegistry } from '../../src/vendors/registry.js';

const registry = createRegistry();
const routes = (vendor: string) => registry.get(vendor).lifecycle.api?.routes;

describe('the id a status URL asks for', () => {
  it('is the route id parameter when the URL matches a status route, behind any base path', () => {
    expect(requestedId('http://h/v1/import/imp-1/status', routes('dakera'))).toBe('imp-1');
    expect(requestedId('http://h/base/v1/apps/a1/jobs/export/j%201', routes('pinpoint'))).toBe('j 1');
    expect(requestedId('http://h/api/projects/1/batch_exports/b/runs/r-9/', routes('posthog'))).toBe('r-9');
  });
  it('is the last path segment otherwise, or undefined for a bare origin', () => {
    expect(requestedId('http://h/jobs/x/job1?verbose=1', routes('dakera'))).toBe('job1');
    expect(requestedId('http://h/', [])).toBeUndefined();
  });
  it('never throws on a malformed URL or percent-encoding', () => {
    expect(requestedId('notaurl')).toBeUndefined();
    expect(requestedId('http://h/jobs/%E0%A4%A')).toBe('%E0%A4%A');
  });
});
