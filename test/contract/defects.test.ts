import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollJob } from '../../src/contract/poll.js';
import type { RuleId } from '../../src/rules/check.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { type Answer, raw, scriptedServer } from '../helpers/scripted-server.js';

const registry = createRegistry();

/* Pinpoint export job bodies, as the real API sends them (botocore shape, unwrapped). */
const CREATED = '2026-03-01T10:00:00.000Z';
const base = {
  ApplicationId: 'app1',
  CreationDate: CREATED,
  Definition: { RoleArn: 'arn:aws:iam::1:role/r', S3UrlPrefix: 's3://b/p/' },
  Id: 'job1',
  Type: 'EXPORT',
};
const at = (status: string, done: number, extra: Record<string, unknown> = {}) => ({
  ...base,
  JobStatus: status,
  CompletedPieces: done,
  FailedPieces: 0,
  TotalPieces: 8,
  TotalProcessed: done * 100,
  TotalFailures: 0,
  ...extra,
});
const completed = (extra: Record<string, unknown> = {}) =>
  at('COMPLETED', 8, { CompletionDate: '2026-03-01T10:05:00.000Z', ...extra });

/* PostHog: counters null until the finish write; cancel leaves finished_at null (documented). */
const run = (status: string, extra: Record<string, unknown> = {}) => ({
  id: '0190a3c4-1111-7abc-8def-0123456789ab',
  status,
  records_completed: null,
  records_failed: null,
  latest_error: null,
  data_interval_start: '2026-03-01T09:00:00Z',
  data_interval_end: '2026-03-01T10:00:00Z',
  cursor: null,
  created_at: '2026-03-01T10:00:05.123456Z',
  finished_at: null,
  last_updated_at: '2026-03-01T10:00:05.123456Z',
  records_total_count: null,
  bytes_exported: null,
  batch_export: '0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60',
  backfill: null,
  ...extra,
});

/* Weaviate: tookInMs must equal completedAt − startedAt. */
const exp = (status: string, extra: Record<string, unknown> = {}) => ({
  id: 'e1',
  backend: 's3',
  path: 's3://b/e1',
  status,
  startedAt: '2026-03-01T10:00:00.000Z',
  completedAt: '0001-01-01T00:00:00.000Z',
  classes: ['Article'],
  ...extra,
});

/* Dakera: times in Unix seconds. */
const imp = (status: string, extra: Record<string, unknown> = {}) => ({
  job_id: 'imp-1',
  status,
  format: 'jsonl',
  total: 100,
  imported: 10,
  skipped: 0,
  errors: [],
  started_at: 1_772_359_200,
  ...extra,
});

interface Case {
  name: string;
  vendor: string;
  script: Answer[];
  rules: RuleId[];
  timeoutMs?: number;
}

const CASES: Case[] = [
  {
    name: 'clean pinpoint job',
    vendor: 'pinpoint',
    script: [at('CREATED', 0), at('PROCESSING', 2), at('PROCESSING', 5), completed()],
    rules: [],
  },
  {
    name: 'clean posthog run (finish write)',
    vendor: 'posthog',
    script: [
      run('Starting'),
      run('Running', { records_total_count: 900 }),
      run('Completed', {
        records_total_count: 900,
        records_completed: 900,
        records_failed: 0,
        finished_at: '2026-03-01T10:02:00.5Z',
        last_updated_at: '2026-03-01T10:02:00.5Z',
        bytes_exported: 1024,
      }),
    ],
    rules: [],
  },
  {
    name: 'posthog run cancelled through the endpoint (finished_at null is documented)',
    vendor: 'posthog',
    script: [run('Running'), run('Cancelled')],
    rules: [],
  },
  {
    name: 'clean weaviate export',
    vendor: 'weaviate',
    script: [
      exp('TRANSFERRING'),
      exp('SUCCESS', { completedAt: '2026-03-01T10:00:02.500Z', tookInMs: 2500 }),
    ],
    rules: [],
  },
  {
    name: 'status going back',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2), at('INITIALIZING', 2), completed()],
    rules: ['transition-legal'],
  },
  {
    name: 'leaving a terminal state',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2), completed(), at('PROCESSING', 8)],
    rules: ['terminal-final', 'finished-constant'],
  },
  {
    name: 'counters going down',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 5), at('PROCESSING', 3), completed()],
    rules: ['monotonic'],
  },
  {
    name: 'finished timestamp early',
    vendor: 'pinpoint',
    script: [
      at('PROCESSING', 2, { CompletionDate: '2026-03-01T10:01:00.000Z' }),
      completed({ CompletionDate: '2026-03-01T10:01:00.000Z' }),
    ],
    rules: ['finished-when-terminal'],
  },
  {
    name: 'finished timestamp missing',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2), at('COMPLETED', 8)],
    rules: ['finished-when-terminal'],
  },
  {
    name: 'finished timestamp missing (PostHog Completed without the finish write)',
    vendor: 'posthog',
    script: [run('Running'), run('Completed')],
    rules: ['finished-when-terminal'],
  },
  {
    name: 'finished timestamp changing after the end',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2), completed(), completed({ CompletionDate: '2026-03-01T11:00:00.000Z' })],
    rules: ['finished-constant'],
  },
  {
    name: 'changed creation time',
    vendor: 'pinpoint',
    script: [
      at('PROCESSING', 2),
      at('PROCESSING', 3, { CreationDate: '2026-03-01T10:00:09.000Z' }),
      completed(),
    ],
    rules: ['created-constant'],
  },
  {
    name: 'changed start time (Weaviate startedAt)',
    vendor: 'weaviate',
    script: [
      exp('TRANSFERRING'),
      exp('TRANSFERRING', { startedAt: '2026-03-01T10:00:01.000Z' }),
      exp('SUCCESS', {
        startedAt: '2026-03-01T10:00:01.000Z',
        completedAt: '2026-03-01T10:00:02.500Z',
        tookInMs: 1500,
      }),
    ],
    rules: ['started-constant'],
  },
  {
    name: 'changed start time (Dakera started_at)',
    vendor: 'dakera',
    script: [
      imp('running'),
      imp('running', { started_at: 1_772_359_260, imported: 20 }),
      imp('completed', { started_at: 1_772_359_260, imported: 100, finished_at: 1_772_359_300 }),
    ],
    rules: ['started-constant'],
  },
  {
    name: 'bad enum',
    vendor: 'pinpoint',
    script: [at('RUNNING', 2), completed()],
    rules: ['schema', 'status-known'],
  },
  {
    name: 'missing required field',
    vendor: 'pinpoint',
    script: [{ ...at('PROCESSING', 2), Type: undefined }, completed()],
    rules: ['schema'],
  },
  {
    name: 'wrong type',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2, { CompletedPieces: '2' }), completed()],
    rules: ['schema'],
  },
  {
    name: 'parts above the total',
    vendor: 'pinpoint',
    script: [
      at('PROCESSING', 7, { FailedPieces: 3 }),
      at('FAILED', 7, { FailedPieces: 3, CompletionDate: '2026-03-01T10:05:00.000Z' }),
    ],
    rules: ['totals-consistent'],
  },
  {
    name: 'total changing',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2), at('PROCESSING', 3, { TotalPieces: 9 }), completed({ TotalPieces: 9 })],
    rules: ['total-stable'],
  },
  {
    name: 'COMPLETED with a failed piece',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2), completed({ CompletedPieces: 7, FailedPieces: 1 })],
    rules: ['success-without-failed-pieces'],
  },
  {
    name: 'tookInMs disagreeing with the timestamps',
    vendor: 'weaviate',
    script: [exp('TRANSFERRING'), exp('SUCCESS', { completedAt: '2026-03-01T10:00:02.500Z', tookInMs: 900 })],
    rules: ['derived-duration'],
  },
  {
    name: 'finished before created',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2), completed({ CompletionDate: '2026-03-01T09:00:00.000Z' })],
    rules: ['time-order'],
  },
  {
    name: 'progress out of range',
    vendor: 'fullstory',
    script: [
      { id: 'progress out of range', state: 'PENDING', estimatePctComplete: 30, createdAt: CREATED },
      { id: 'progress out of range', state: 'PENDING', estimatePctComplete: 130, createdAt: CREATED },
    ],
    rules: ['schema', 'progress-range', 'terminal-timeout'],
    timeoutMs: 1500,
  },
  // A real job answers its own id, and unknown ids get 404: not a static mock, so it is polled to the timeout.
  {
    name: 'never finishing',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2, { Id: 'never finishing' })],
    rules: ['terminal-timeout'],
    timeoutMs: 1500,
  },
  {
    name: 'non-JSON body',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2), raw('<html>Bad gateway</html>')],
    rules: ['json-body'],
  },
  {
    name: 'unexpected HTTP status',
    vendor: 'pinpoint',
    script: [at('PROCESSING', 2), raw('{"Message":"boom"}', 500, 'application/json')],
    rules: ['http-status'],
  },
];

/** The id a script's bodies carry: the URL asks for that job, so the bodies are the requested job's. */
function jobIdOf(script: Answer[]): string | undefined {
  for (const a of script) {
    if (a === null || typeof a !== 'object' || 'raw' in a) continue;
    const id =
      (a as { Id?: unknown; id?: unknown; job_id?: unknown }).Id ??
      (a as { id?: unknown }).id ??
      (a as { job_id?: unknown }).job_id;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

describe('the contract runner catches every seeded defect with the right rule', () => {
  let server: Awaited<ReturnType<typeof scriptedServer>>;
  beforeAll(async () => {
    const scripts = Object.fromEntries(CASES.map((c) => [c.name, c.script]));
    // Scripts advance per GET; the detailed test below gets a fresh copy.
    scripts.details = [at('PROCESSING', 5), at('PROCESSING', 3), completed()];
    scripts['details-static'] = [at('PROCESSING', 2)];
    server = await scriptedServer(scripts);
  });
  afterAll(() => server.close());

  it.each(CASES)('$name → $rules', async ({ name, vendor, rules, timeoutMs, script }) => {
    const result = await pollJob({
      vendor: registry.get(vendor),
      url: server.url(name, jobIdOf(script)),
      intervalMs: 10,
      timeoutMs: timeoutMs ?? 5000,
    });
    const found = [...new Set(result.violations.map((v) => v.rule))].sort();
    expect(found, JSON.stringify(result.violations, null, 1)).toEqual([...rules].sort());
    expect(result.ok).toBe(rules.length === 0);
    for (const v of result.violations) {
      expect(v.message.length).toBeGreaterThan(10);
      expect(v.poll).toBeGreaterThan(0);
    }
  });

  it('a violation names the poll, the pointer, and the previous and current values', async () => {
    const result = await pollJob({
      vendor: registry.get('pinpoint'),
      url: server.url('details', 'job1'),
      intervalMs: 10,
    });
    expect(result.violations).toEqual([
      {
        rule: 'monotonic',
        poll: 2,
        pointer: '/CompletedPieces',
        message: 'went down from 5 to 3',
        previous: 5,
        current: 3,
      },
      {
        rule: 'monotonic',
        poll: 2,
        pointer: '/TotalProcessed',
        message: 'went down from 500 to 300',
        previous: 500,
        current: 300,
      },
    ]);
  });

  it('a static server (same body for any job), accepted on purpose, ends the poll with a note instead of a timeout', async () => {
    const result = await pollJob({
      vendor: registry.get('pinpoint'),
      url: server.url('details-static'),
      intervalMs: 10,
      timeoutMs: 3000,
      allowStatic: true,
    });
    expect(result.violations).toEqual([]);
    expect(result.notes.join(' ')).toMatch(
      /looks like a static mock \(e\.g\. Prism\): it answers job "job1", which is not the job in the URL/,
    );
  });

  it('a server that is not there is a connection failure, not a crash', async () => {
    const gone = await scriptedServer({});
    const url = gone.url('x');
    await gone.close();
    const result = await pollJob({ vendor: registry.get('pinpoint'), url, intervalMs: 10, timeoutMs: 2000 });
    expect(result.violations.map((v) => v.rule)).toEqual(['connection']);
    expect(result.violations[0]?.message).toMatch(
      /^cannot reach http:\/\/127\.0\.0\.1:\d+\/jobs\/x: ECONNREFUSED/,
    );
  });
});
