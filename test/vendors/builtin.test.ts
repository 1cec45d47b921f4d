import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/vendors/registry.js';
import { ROOT } from '../helpers/cli.js';
import { firstBody, realBodies, VENDORS, type VendorName } from '../helpers/fixtures.js';

const registry = createRegistry();

describe('built-in vendors', () => {
  it('include the five documented job-status APIs, and are every vendor folder shipped in mocks/', () => {
    expect(registry.names()).toEqual(
      expect.arrayContaining(['dakera', 'fullstory', 'pinpoint', 'posthog', 'weaviate']),
    );
    const shipped = readdirSync(join(ROOT, 'mocks'), { withFileTypes: true })
      .filter(
        (e) =>
          e.isDirectory() && readdirSync(join(ROOT, 'mocks', e.name)).some((f) => /^lifecycle\./.test(f)),
      )
      .map((e) => e.name)
      .sort();
    expect(registry.names()).toEqual(shipped);
  });

  describe.each(VENDORS)('%s', (vendor) => {
    it.each(Object.entries(realBodies(vendor)))('accepts the real body: %s', (_name, body) => {
      const result = registry.get(vendor).validate(body);
      expect(result.issues).toEqual([]);
      expect(result.valid).toBe(true);
    });
  });
});

type Mutation = (body: Record<string, unknown>) => void;
interface Defect {
  vendor: VendorName;
  defect: string;
  mutate: Mutation;
  pointer: string;
  keyword: string;
  message?: RegExp;
}

const set =
  (path: string[], value: unknown): Mutation =>
  (body) => {
    let node = body as Record<string, unknown>;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[path[path.length - 1] as string] = value;
  };
const drop =
  (key: string): Mutation =>
  (body) => {
    delete body[key];
  };

/** One defect per body, so each failure must name exactly one pointer. */
const DEFECTS: Defect[] = [
  {
    vendor: 'posthog',
    defect: 'unknown status',
    mutate: set(['status'], 'Done'),
    pointer: '/status',
    keyword: 'enum',
    message: /must be one of Cancelled, .*Starting; got "Done"/,
  },
  { vendor: 'posthog', defect: 'missing id', mutate: drop('id'), pointer: '/id', keyword: 'required' },
  {
    vendor: 'posthog',
    defect: 'id not a uuid',
    mutate: set(['id'], 'run-1'),
    pointer: '/id',
    keyword: 'format',
  },
  {
    vendor: 'posthog',
    defect: 'counter as string',
    mutate: set(['records_total_count'], '48211'),
    pointer: '/records_total_count',
    keyword: 'type',
    message: /must be integer or null/,
  },
  {
    vendor: 'posthog',
    defect: 'counter past int32',
    mutate: set(['records_total_count'], 2 ** 31),
    pointer: '/records_total_count',
    keyword: 'maximum',
  },
  {
    vendor: 'posthog',
    defect: 'data_interval_end null (the serializer forces it non-null)',
    mutate: set(['data_interval_end'], null),
    pointer: '/data_interval_end',
    keyword: 'type',
  },
  {
    vendor: 'posthog',
    defect: 'impossible date (Feb 30)',
    mutate: set(['created_at'], '2024-02-30T01:00:05Z'),
    pointer: '/created_at',
    keyword: 'format',
  },
  {
    vendor: 'posthog',
    defect: 'date without time zone',
    mutate: set(['last_updated_at'], '2024-07-01T01:00:05'),
    pointer: '/last_updated_at',
    keyword: 'format',
  },
  {
    vendor: 'fullstory',
    defect: 'unknown state',
    mutate: set(['state'], 'DONE'),
    pointer: '/state',
    keyword: 'enum',
  },
  {
    vendor: 'fullstory',
    defect: 'percent above 100',
    mutate: set(['estimatePctComplete'], 101),
    pointer: '/estimatePctComplete',
    keyword: 'maximum',
  },
  {
    vendor: 'fullstory',
    defect: 'createdAt not a date',
    mutate: set(['createdAt'], 'yesterday'),
    pointer: '/createdAt',
    keyword: 'format',
  },
  {
    vendor: 'fullstory',
    defect: 'results as a string',
    mutate: set(['results'], 'https://x'),
    pointer: '/results',
    keyword: 'type',
  },
  {
    vendor: 'weaviate',
    defect: 'unknown status',
    mutate: set(['status'], 'RUNNING'),
    pointer: '/status',
    keyword: 'enum',
  },
  {
    vendor: 'weaviate',
    defect: 'shard status outside ShardProgress',
    mutate: set(['shardStatus', 'Article', 'k3Fq0', 'status'], 'DONE'),
    pointer: '/shardStatus/Article/k3Fq0/status',
    keyword: 'enum',
  },
  {
    vendor: 'weaviate',
    defect: 'objectsExported as string',
    mutate: set(['shardStatus', 'Article', 'x9Ab1', 'objectsExported'], '5230'),
    pointer: '/shardStatus/Article/x9Ab1/objectsExported',
    keyword: 'type',
  },
  {
    vendor: 'weaviate',
    defect: 'tookInMs fractional',
    mutate: set(['tookInMs'], 1.5),
    pointer: '/tookInMs',
    keyword: 'type',
  },
  {
    vendor: 'pinpoint',
    defect: 'status outside the botocore enum',
    mutate: set(['JobStatus'], 'RUNNING'),
    pointer: '/JobStatus',
    keyword: 'enum',
    message: /must be one of CREATED, PREPARING_FOR_INITIALIZATION, .*; got "RUNNING"/,
  },
  {
    vendor: 'pinpoint',
    defect: 'missing required Type',
    mutate: drop('Type'),
    pointer: '/Type',
    keyword: 'required',
  },
  {
    vendor: 'pinpoint',
    defect: 'Definition without RoleArn',
    mutate: (b) => {
      delete (b.Definition as Record<string, unknown>).RoleArn;
    },
    pointer: '/Definition/RoleArn',
    keyword: 'required',
  },
  {
    vendor: 'pinpoint',
    defect: 'pieces past int32 (__integer)',
    mutate: set(['TotalPieces'], 2 ** 32),
    pointer: '/TotalPieces',
    keyword: 'format',
  },
  {
    vendor: 'pinpoint',
    defect: 'SegmentVersion as string',
    mutate: set(['Definition', 'SegmentVersion'], '3'),
    pointer: '/Definition/SegmentVersion',
    keyword: 'type',
  },
  {
    vendor: 'dakera',
    defect: 'negative count (usize)',
    mutate: set(['skipped'], -1),
    pointer: '/skipped',
    keyword: 'minimum',
  },
  {
    vendor: 'dakera',
    defect: 'started_at as ISO string (it is Unix seconds)',
    mutate: set(['started_at'], '2024-05-29T16:26:40Z'),
    pointer: '/started_at',
    keyword: 'type',
  },
  {
    vendor: 'dakera',
    defect: 'missing format',
    mutate: drop('format'),
    pointer: '/format',
    keyword: 'required',
  },
  {
    vendor: 'dakera',
    defect: 'errors not strings',
    mutate: set(['errors'], [{ line: 7 }]),
    pointer: '/errors/0',
    keyword: 'type',
  },
];

describe('single-defect bodies', () => {
  it.each(DEFECTS)(
    '$vendor: $defect → $keyword at $pointer',
    ({ vendor, mutate, pointer, keyword, message }) => {
      const body = firstBody(vendor);
      mutate(body);
      const result = registry.get(vendor).validate(body);
      expect(result.valid).toBe(false);
      expect(result.issues).toHaveLength(1);
      const [issue] = result.issues;
      expect(issue).toMatchObject({ pointer, keyword });
      if (message) expect(issue?.message).toMatch(message);
    },
  );

  it('report what was received and expected as data', () => {
    const body = firstBody('pinpoint');
    body.JobStatus = 'RUNNING';
    const [issue] = registry.get('pinpoint').validate(body).issues;
    expect(issue?.received).toBe('RUNNING');
    expect(issue?.expected).toContain('PENDING_JOB');
  });

  it('every issue of a body with many defects is reported', () => {
    const body = firstBody('posthog');
    body.status = 'Done';
    delete body.id;
    body.records_completed = 'x';
    const pointers = registry
      .get('posthog')
      .validate(body)
      .issues.map((i) => i.pointer)
      .sort();
    expect(pointers).toEqual(['/id', '/records_completed', '/status']);
  });
});
