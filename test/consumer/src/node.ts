// Node: the library and the vendor types together, as a test suite or a seed script uses them.
import { loadVendors, validate } from 'jobkit';
import type { PinpointExportJob, PinpointJobStatus, PostHogBatchExportRun } from 'jobkit/vendors';
import { startMockServer, type TestMockServer } from 'jobkit/vitest';

const job: PinpointExportJob = {
  ApplicationId: 'app',
  CreationDate: '2026-01-01T00:00:00.000Z',
  Definition: { RoleArn: 'arn:aws:iam::1:role/x', S3UrlPrefix: 's3://bucket/prefix' },
  Id: 'job',
  JobStatus: 'COMPLETED',
  Type: 'EXPORT',
};
const status: PinpointJobStatus = job.JobStatus;
export const result: boolean = validate('pinpoint', job).valid;
export const names: string[] = loadVendors().names();
export const run: Pick<PostHogBatchExportRun, 'status'> = { status: 'Completed' };

// @ts-expect-error: not one of Pinpoint's job statuses (fails to compile if the types were `any`)
export const wrong: PinpointExportJob['JobStatus'] = 'RUNNING';
export { status };

// jobkit/vitest's helper, typed: a server for one test file.
export const serve: () => Promise<TestMockServer> = () => startMockServer({ vendors: ['pinpoint'] });
