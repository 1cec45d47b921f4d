import { createManualClock, handlers } from 'jobkit/msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a frontend test does: Pinpoint's real host, answered in process (no network), on a manual clock.
const PINPOINT = 'https://pinpoint.us-east-1.amazonaws.com';
const APP = '8d1a5e6f7b2c4d3e9f0a1b2c3d4e5f60';

describe('the installed jobkit/msw with setupServer', () => {
  const clock = createManualClock();
  const server = setupServer(...handlers({ vendors: ['pinpoint'], clock, seed: 5 }));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('creates a job through the vendor route and polls it to a terminal state', async () => {
    const created = await fetch(`${PINPOINT}/v1/apps/${APP}/jobs/export`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/Export', S3UrlPrefix: 's3://b/p/' }),
    });
    expect(created.status).toBe(202);
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

  it("an unknown job is the vendor's own 404", async () => {
    const res = await fetch(`${PINPOINT}/v1/apps/${APP}/jobs/export/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('NotFoundException');
  });
});
