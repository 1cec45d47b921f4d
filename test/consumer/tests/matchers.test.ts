import type { PinpointExportJob } from 'jobkit/vendors';
import { describe, expect, it } from 'vitest';

// Registered by the setup file (`setupFiles: ['jobkit/vitest']`), typed by its `declare module 'vitest'`.
const created: PinpointExportJob = {
  ApplicationId: 'app',
  CreationDate: '2026-01-01T00:00:00.000Z',
  Definition: { RoleArn: 'arn:aws:iam::1:role/x', S3UrlPrefix: 's3://bucket/prefix' },
  Id: 'job',
  JobStatus: 'CREATED',
  Type: 'EXPORT',
};

describe('the matchers from the installed jobkit/vitest', () => {
  it('toMatchJobSchema passes a good body and names the pointer, rule and value of a bad one', () => {
    expect(created).toMatchJobSchema('pinpoint');
    expect(() => expect({ ...created, JobStatus: 'RUNNING' }).toMatchJobSchema('pinpoint')).toThrowError(
      /expected the body to match pinpoint's ExportJobResponse schema; 1 issue\(s\):\n {2}\/JobStatus {2}\[enum\] {2}must be one of CREATED, .*; got "RUNNING"/,
    );
    expect({ JobStatus: 'RUNNING' }).not.toMatchJobSchema('pinpoint');
  });

  it('toFollowJobLifecycle shows the poll, the rule, the previous and current values', () => {
    const done = { ...created, JobStatus: 'COMPLETED', CompletionDate: '2026-01-01T00:05:00.000Z' };
    expect([created, done]).toFollowJobLifecycle('pinpoint');
    expect(() => expect([created, done, created]).toFollowJobLifecycle('pinpoint')).toThrowError(
      '  poll 3  /JobStatus  [terminal-final]  left the terminal state "COMPLETED" for "CREATED" (previous "COMPLETED", current "CREATED")',
    );
  });

  it('toPollPolitely fails a poll after a terminal status', () => {
    const poll = (time: number, state: string, terminal: boolean) => ({
      method: 'GET',
      path: '/v1/apps/a/jobs/export/j1',
      status: 200,
      time,
      vendor: 'pinpoint',
      job: 'j1',
      state,
      terminal,
    });
    expect([poll(0, 'CREATED', false), poll(5_000, 'COMPLETED', true)]).toPollPolitely();
    const after = [
      poll(0, 'CREATED', false),
      poll(5_000, 'COMPLETED', true),
      poll(10_000, 'COMPLETED', true),
    ];
    expect(() => expect(after).toPollPolitely()).toThrowError(
      /expected the client to poll politely; 1 finding\(s\) over 1 job\(s\):\n {2}pinpoint j1 {2}poll 3 {2}\[client-polls-after-terminal\]/,
    );
  });
});
