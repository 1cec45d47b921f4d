import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock, createMockHandlers, handlers } from '../../src/msw/index.js';
import { bundleVendors } from '../../src/vendors/bundle-vendors.js';
import { createRegistry } from '../../src/vendors/registry.js';
import '../../src/vitest/index.js';

/** What a frontend calls: Pinpoint's real host, answered in process by the handlers (no network). */
const PINPOINT = 'https://pinpoint.us-east-1.amazonaws.com';
const APP = '8d1a5e6f7b2c4d3e9f0a1b2c3d4e5f60';

describe('jobkit/msw with setupServer', () => {
  const clock = createManualClock();
  const mock = createMockHandlers({ vendors: ['pinpoint', 'posthog'], clock, seed: 5 });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('creates a job through the vendor route and polls it to a terminal state on a manual clock', async () => {
    const created = await fetch(`${PINPOINT}/v1/apps/${APP}/jobs/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://b/p/' }),
    });
    expect(created.status).toBe(202);
    expect(created.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const job = (await created.json()) as { ExportJobResponse?: { Id: string }; Id?: string };
    const id = job.ExportJobResponse?.Id ?? job.Id;
    expect(typeof id).toBe('string');

    const bodies: { JobStatus: string }[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await fetch(`${PINPOINT}/v1/apps/${APP}/jobs/export/${id}`);
      expect(res.status).toBe(200);
      bodies.push((await res.json()) as { JobStatus: string });
      if (['COMPLETED', 'FAILED'].includes(bodies.at(-1)?.JobStatus as string)) break;
      clock.advance(5_000);
    }
    expect(bodies[0]?.JobStatus).toBe('CREATED');
    expect(bodies.at(-1)?.JobStatus).toBe('COMPLETED');
    for (const body of bodies) expect(body).toMatchJobSchema('pinpoint', { strict: true });
    expect(bodies).toFollowJobLifecycle('pinpoint');
  });

  it("answers with the mock's own errors: an unknown job is the vendor's 404", async () => {
    const res = await fetch(`${PINPOINT}/v1/apps/${APP}/jobs/export/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('NotFoundException');
  });

  it('a job created directly is polled at its statusUrl, on the path of every vendor served', async () => {
    const job = mock.createJob('posthog', 'happy');
    expect(job.statusUrl).toMatch(/^\/api\/projects\//);
    clock.advance(10 * 60_000);
    const res = await fetch(`https://us.posthog.com${job.statusUrl}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string };
    expect(body).toMatchJobSchema('posthog', { strict: true });
    expect(body.status).toBe('Completed');
  });
});

describe('jobkit/msw handlers', () => {
  it('one handler per method and path of the vendors served', () => {
    const registry = createRegistry();
    const routes = new Set(
      (registry.get('pinpoint').lifecycle.api?.routes ?? []).map((r) => `${r.method} ${r.path}`),
    );
    expect(handlers({ vendors: ['pinpoint'] })).toHaveLength(routes.size);
  });

  it('a vendor bundle made in Node serves like the built-in, and stays JSON', async () => {
    const [bundle] = JSON.parse(JSON.stringify(bundleVendors(['weaviate'], { registry: createRegistry() })));
    const clock = createManualClock();
    const mock = createMockHandlers({ vendors: [bundle], clock, baseUrl: 'http://weaviate.test' });
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const job = mock.createJob('weaviate', 'happy');
      expect(job.statusUrl).toMatch(/^http:\/\/weaviate\.test\/v1\/export\//);
      clock.advance(10 * 60_000);
      const res = await fetch(job.statusUrl as string);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchJobSchema('weaviate', { strict: true });
      // baseUrl: another origin is not the mock's.
      await expect(
        fetch(`http://elsewhere.test${new URL(job.statusUrl as string).pathname}`),
      ).rejects.toThrow();
    } finally {
      server.close();
    }
  });
});
