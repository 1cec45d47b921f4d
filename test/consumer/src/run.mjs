// At run time, from the installed package: the entries load, and the built-in vendors' files are found.
import { loadVendors, validate } from 'jobkit';
import pkg from 'jobkit/package.json' with { type: 'json' };
import * as vendors from 'jobkit/vendors';

const names = loadVendors().names();
const body = {
  ApplicationId: 'app',
  CreationDate: '2026-01-01T00:00:00.000Z',
  Definition: { RoleArn: 'arn:aws:iam::1:role/x', S3UrlPrefix: 's3://bucket/prefix' },
  Id: 'job',
  JobStatus: 'COMPLETED',
  Type: 'EXPORT',
};
console.log(
  JSON.stringify({
    name: pkg.name,
    names,
    valid: validate('pinpoint', body).valid,
    invalid: validate('pinpoint', { ...body, JobStatus: 'RUNNING' }).valid,
    vendorsExports: Object.keys(vendors),
  }),
);
