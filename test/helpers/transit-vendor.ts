/**
 * A user vendor shaped like OpenAI batches: its cancel passes through `cancelling` before
 * `cancelled`. `batchyFiles(overrides)` gives its vendor folder, with the lifecycle file's
 * top-level sections replaced by `overrides` (the loader's negative cases break one part).
 */

export const BATCH_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Batch',
  type: 'object',
  required: ['id', 'status', 'created_at', 'request_counts'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^batch_[0-9a-f]{12}$' },
    status: {
      enum: ['validating', 'in_progress', 'cancelling', 'completed', 'failed', 'cancelled'],
    },
    created_at: { type: 'integer' },
    in_progress_at: { type: ['integer', 'null'] },
    cancelling_at: { type: ['integer', 'null'] },
    cancelled_at: { type: ['integer', 'null'] },
    finished_at: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
    request_counts: {
      type: 'object',
      required: ['total', 'completed', 'failed'],
      additionalProperties: false,
      properties: {
        total: { type: 'integer', minimum: 0 },
        completed: { type: 'integer', minimum: 0 },
        failed: { type: 'integer', minimum: 0 },
      },
    },
  },
};

export const batchyStatus = () => ({
  field: '/status',
  states: {
    validating: { initial: true },
    in_progress: {},
    cancelling: { description: 'Cancel asked for; in-flight requests are still finishing.' },
    completed: { terminal: 'success' },
    failed: { terminal: 'failure' },
    cancelled: { terminal: 'cancelled' },
  },
  transitions: {
    validating: ['in_progress', 'failed', 'cancelling'],
    in_progress: ['completed', 'failed', 'cancelling'],
    cancelling: ['cancelled'],
  },
});

export const batchyCancel = () => ({
  state: 'cancelled',
  endedBy: 'cancel-endpoint',
  via: { state: 'cancelling', ms: [2000, 5000] },
  from: ['validating', 'in_progress'],
});

export const batchyMock = (cancel: object = batchyCancel()) => ({
  id: 'batch_{{hex:12}}',
  work: { total: [100, 1000] },
  scenarios: {
    happy: {
      description: 'Validates, runs, completes.',
      steps: [
        { state: 'validating', ms: 1000 },
        { state: 'in_progress', ms: 20_000, progress: [0, 1] },
        { state: 'completed' },
      ],
      failRate: 0.01,
    },
  },
  controls: { complete: { state: 'completed' }, fail: { state: 'failed' }, cancel },
});

export function batchyFiles(overrides: Record<string, unknown> = {}): Record<string, string | object> {
  return {
    'schemas/batchy/Batch.json': BATCH_SCHEMA,
    'mocks/batchy/lifecycle.json': {
      title: 'Batchy batches (an OpenAI-style batch API)',
      schema: { root: 'Batch' },
      status: batchyStatus(),
      body: {
        id: { from: 'id' },
        status: { from: 'state' },
        created_at: { from: 'time.created', format: 'unix-s' },
        in_progress_at: { from: 'time.entered:in_progress', format: 'unix-s', unset: null },
        cancelling_at: { from: 'time.entered:cancelling', format: 'unix-s', unset: null },
        cancelled_at: { from: 'time.entered:cancelled', format: 'unix-s', unset: null },
        finished_at: { from: 'time.finished', format: 'iso', unset: null },
        request_counts: {
          from: 'object',
          fields: {
            total: { from: 'count.total' },
            completed: { from: 'count.done' },
            failed: { from: 'count.failed' },
          },
        },
      },
      mock: batchyMock(),
      ...overrides,
    },
  };
}
