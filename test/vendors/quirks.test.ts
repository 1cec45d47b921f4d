import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/vendors/registry.js';
import { firstBody, realBodies } from '../helpers/fixtures.js';

/** Each "surprise" of the vendor notes, checked where it bites. */
const registry = createRegistry();

describe('vendor-note quirks', () => {
  it('1. OpenAPI nullable inside a 2020-12 document: PostHog counters may be null', () => {
    const body = firstBody('posthog');
    expect(body.records_completed).toBeNull();
    expect(registry.get('posthog').validate(body).valid).toBe(true);
  });

  it('2. dangling $refs resolve from the bundle: PostHog status enum, Weaviate ShardProgress', () => {
    const posthog = registry.get('posthog').schemas.bundle;
    expect(posthog.origins.BatchExportRunStatusEnum).toMatchObject({
      file: 'schemas/posthog/components.json',
      dialect: 'openapi-3.0',
    });
    const weaviate = registry.get('weaviate').schemas.bundle;
    expect(weaviate.origins.ShardProgress).toMatchObject({
      file: 'schemas/weaviate/openapi.json',
      dialect: 'swagger-2.0',
    });
  });

  it('3. allOf [$ref] with a sibling description still checks the enum', () => {
    const body = firstBody('posthog');
    body.status = 'running';
    expect(registry.get('posthog').validate(body).issues[0]).toMatchObject({
      pointer: '/status',
      keyword: 'enum',
    });
  });

  it('4. int64 past 2^53 is accepted; int32 bounds are enforced', () => {
    const body = firstBody('posthog');
    // biome-ignore lint/correctness/noPrecisionLoss: the int64 maximum as a vendor sends it; JSON.parse rounds it the same way
    body.bytes_exported = 9223372036854775807;
    expect(registry.get('posthog').validate(body).valid).toBe(true);
    body.records_failed = -2147483649;
    expect(registry.get('posthog').validate(body).issues[0]).toMatchObject({
      pointer: '/records_failed',
      keyword: 'minimum',
    });
  });

  it('5. the Go zero time is a valid date-time (the lifecycle treats it as unset)', () => {
    const body =
      realBodies('weaviate')['transferring (Go zero completedAt, omitempty drops tookInMs and error)'];
    expect(body?.completedAt).toBe('0001-01-01T00:00:00.000Z');
    expect(registry.get('weaviate').validate(body).valid).toBe(true);
  });

  it('6. absent vs null: Weaviate classes may be null (wire overlay), Dakera finished_at absent', () => {
    const weaviate = registry.get('weaviate');
    expect(weaviate.validate({ classes: null }).valid).toBe(true);
    expect(weaviate.schemas.bundle.overlays[0]?.target).toBe(
      '$.components.schemas.ExportStatusResponse.properties.classes',
    );
    const running = realBodies('dakera')['running (finished_at absent)'];
    expect(running && 'finished_at' in running).toBe(false);
    expect(registry.get('dakera').validate(running).valid).toBe(true);
  });

  it('7. dates: RFC 3339 with microseconds pass, Unix seconds are integers', () => {
    const fs = firstBody('fullstory');
    expect(fs.createdAt).toBe('2020-09-22T22:40:52.174736Z');
    expect(registry.get('fullstory').validate(fs).valid).toBe(true);
    const dk = firstBody('dakera');
    dk.finished_at = 1717000042.5;
    expect(registry.get('dakera').validate(dk).issues[0]).toMatchObject({
      pointer: '/finished_at',
      keyword: 'type',
    });
  });

  it('8. enums as published: FullStory RUNNING and downloadUrl pass; Weaviate create response is STARTED only', () => {
    const fs = firstBody('fullstory');
    fs.state = 'RUNNING';
    fs.results = { downloadUrl: 'https://example.com/export.json' };
    expect(registry.get('fullstory').validate(fs).valid).toBe(true);
    const weaviate = registry.get('weaviate');
    expect(weaviate.validate({ id: 'e', status: 'STARTED' }, 'ExportCreateResponse').valid).toBe(true);
    expect(
      weaviate.validate({ id: 'e', status: 'TRANSFERRING' }, 'ExportCreateResponse').issues[0],
    ).toMatchObject({
      pointer: '/status',
      keyword: 'enum',
    });
  });

  it('9. no required arrays: an empty object is a valid Weaviate or FullStory body', () => {
    expect(registry.get('weaviate').validate({}).valid).toBe(true);
    expect(registry.get('fullstory').validate({}).valid).toBe(true);
  });

  it('10. map-of-map additionalProperties with a $ref reaches each shard', () => {
    const result = registry
      .get('weaviate')
      .validate({ shardStatus: { A: { s1: { status: 'SUCCESS', objectsExported: -0.5 } } } });
    expect(result.issues[0]).toMatchObject({ pointer: '/shardStatus/A/s1/objectsExported', keyword: 'type' });
  });

  it('11. the boto3-documented wrapped body is not the wire body', () => {
    const result = registry.get('pinpoint').validate({ ExportJobResponse: firstBody('pinpoint') });
    expect(result.valid).toBe(false);
    expect(result.issues.map((i) => i.pointer)).toContain('/JobStatus');
  });

  it('12. Swagger 2.0 definitions and their $refs load as 2020-12', () => {
    const bundle = registry.get('weaviate').schemas.bundle;
    expect(JSON.stringify(bundle.document)).not.toContain('#/definitions/');
    expect(JSON.stringify(bundle.document)).not.toContain('#/components/schemas/');
  });
});
