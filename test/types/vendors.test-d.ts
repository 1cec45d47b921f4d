import { describe, expectTypeOf, it } from 'vitest';
import type {
  DakeraImportJobStatus,
  FullStoryOperation,
  PinpointExportJob,
  PinpointJobStatus,
  PostHogBatchExportRun,
  PostHogBatchExportRunStatusEnum,
  WeaviateExportStatus,
  WeaviateShardProgress,
} from '../../src/vendors-types/index.js';

// Compile-time pins of `jobkit/vendors`: `npm run typecheck` fails when a generated type drifts.
describe('the vendors’ body types', () => {
  it('each status body by its name, its status field typed by the schema', () => {
    expectTypeOf<PinpointExportJob['JobStatus']>().toEqualTypeOf<PinpointJobStatus>();
    expectTypeOf<PinpointJobStatus>().toEqualTypeOf<
      | 'CREATED'
      | 'PREPARING_FOR_INITIALIZATION'
      | 'INITIALIZING'
      | 'PROCESSING'
      | 'PENDING_JOB'
      | 'COMPLETING'
      | 'COMPLETED'
      | 'FAILING'
      | 'FAILED'
    >();
    expectTypeOf<PostHogBatchExportRun['status']>().toEqualTypeOf<PostHogBatchExportRunStatusEnum>();
    expectTypeOf<FullStoryOperation['state']>().toEqualTypeOf<
      'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | undefined
    >();
    expectTypeOf<WeaviateExportStatus['status']>().toEqualTypeOf<
      'STARTED' | 'TRANSFERRING' | 'SUCCESS' | 'FAILED' | 'CANCELED' | undefined
    >();
    expectTypeOf<DakeraImportJobStatus['status']>().toEqualTypeOf<string>();
  });

  it('required keys are required, optional ones optional, null where the schema allows it', () => {
    expectTypeOf<PinpointExportJob['Id']>().toEqualTypeOf<string>();
    expectTypeOf<PinpointExportJob['CompletionDate']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<PinpointExportJob['Definition']['S3UrlPrefix']>().toEqualTypeOf<string>();
    expectTypeOf<PostHogBatchExportRun['finished_at']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<DakeraImportJobStatus['finished_at']>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<
      NonNullable<WeaviateExportStatus['shardStatus']>[string][string]
    >().toEqualTypeOf<WeaviateShardProgress>();
  });

  it('no index signature: a key the schema does not declare is not a key of the type', () => {
    expectTypeOf<PinpointExportJob>().not.toHaveProperty('JobState');
    // @ts-expect-error: a misspelt field of a body literal is a compile error
    const body: Pick<PinpointExportJob, 'Id'> = { Id: 'x', Idd: 'y' };
    expectTypeOf(body).toHaveProperty('Id');
  });
});
