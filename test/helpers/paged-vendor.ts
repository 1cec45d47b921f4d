/**
 * A user vendor ("batches") whose list routes page the ways real job APIs do, one route per way:
 * OpenAI's after/before ids (/v1/batches, /v1/files with not_found), Azure's nextLink
 * (/azure/jobs), Google's pageToken (/google/operations), offset/limit with a total (/v2/jobs)
 * and page numbers (/v3/jobs). Write it out with tempTree({ 'schemas/batches/openapi.json':
 * SCHEMAS, 'mocks/batches/lifecycle.json': LIFECYCLE }).
 */
const JOB = {
  type: 'object',
  required: ['id', 'status', 'created_at'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'in_progress', 'completed', 'failed'] },
    created_at: { type: 'integer' },
    completed_at: { type: ['integer', 'null'] },
  },
};

export const SCHEMAS = {
  openapi: '3.1.0',
  info: { title: 'Batches', version: '1' },
  paths: {},
  components: {
    schemas: {
      Batch: JOB,
      BatchList: {
        type: 'object',
        required: ['object', 'data', 'has_more'],
        properties: {
          object: { const: 'list' },
          data: { type: 'array', items: { $ref: '#/components/schemas/Batch' } },
          first_id: { type: ['string', 'null'] },
          last_id: { type: ['string', 'null'] },
          has_more: { type: 'boolean' },
        },
      },
    },
  },
};

const limit = (query: string, max = 100) => ({ query, default: 20, max });

export const LIFECYCLE = {
  title: 'Batches, paged five ways',
  schema: { root: 'Batch' },
  status: {
    field: '/status',
    states: {
      queued: { initial: true },
      in_progress: {},
      completed: { terminal: 'success' },
      failed: { terminal: 'failure' },
    },
    transitions: { queued: ['in_progress', 'failed'], in_progress: ['completed', 'failed'] },
  },
  body: {
    id: { from: 'id' },
    status: { from: 'state' },
    created_at: { from: 'time.created', format: 'unix-s' },
    completed_at: { from: 'time.finished', format: 'unix-s', when: 'terminal', unset: null },
  },
  api: {
    routes: [
      { method: 'GET', path: '/v1/batches/{id}', action: 'status', schema: 'Batch' },
      {
        method: 'GET',
        path: '/v1/batches',
        action: 'list',
        schema: 'BatchList',
        list: {
          limit: limit('limit'),
          cursor: { style: 'after-id', query: 'after', before: 'before' },
          statusFilter: 'status',
          body: {
            object: 'list',
            data: '{{items}}',
            first_id: '{{first_id|null}}',
            last_id: '{{last_id|null}}',
            has_more: '{{has_more}}',
          },
        },
      },
      {
        method: 'GET',
        path: '/v1/files',
        action: 'list',
        list: {
          limit: { default: 2, max: 2 },
          cursor: { style: 'after-id', query: 'after', unknown: 'not_found' },
          next: 'url',
          body: { data: '{{items}}', next: '{{next|null}}' },
        },
      },
      {
        method: 'GET',
        path: '/azure/jobs',
        action: 'list',
        list: {
          limit: limit('maxpagesize'),
          cursor: '$skiptoken',
          next: 'url',
          body: { value: '{{items}}', nextLink: '{{next}}' },
        },
      },
      {
        method: 'GET',
        path: '/google/operations',
        action: 'list',
        list: {
          limit: limit('pageSize', 1000),
          cursor: 'pageToken',
          body: { operations: '{{items}}', nextPageToken: '{{next}}' },
        },
      },
      {
        method: 'GET',
        path: '/v2/jobs',
        action: 'list',
        list: {
          limit: limit('limit'),
          cursor: { style: 'index', query: 'offset' },
          statusFilter: 'status',
          body: { total: '{{total}}', offset: '{{offset}}', limit: '{{limit}}', items: '{{items}}' },
        },
      },
      {
        method: 'GET',
        path: '/v3/jobs',
        action: 'list',
        list: {
          limit: limit('per_page'),
          cursor: { style: 'page', query: 'page' },
          body: { jobs: '{{items}}', total: '{{total}}', next_page: '{{next|null}}' },
        },
      },
    ],
    errors: {
      body: { error: { type: '{{code}}', message: '{{message}}' } },
      kinds: {
        bad_request: { status: 400, code: 'invalid_request_error', message: 'Invalid request.' },
        not_found: { status: 404, code: 'not_found_error', message: 'No such object.' },
      },
    },
  },
  mock: {
    id: 'batch_{{alnum:16}}',
    work: { total: [10, 100] },
    scenarios: {
      happy: {
        description: 'queued, in progress, completed',
        steps: [
          { state: 'queued', ms: 1000 },
          { state: 'in_progress', ms: 5000, progress: [0, 1] },
          { state: 'completed' },
        ],
      },
      failure: {
        description: 'queued, then failed',
        steps: [{ state: 'queued', ms: 2000 }, { state: 'failed' }],
        error: 'input file is not valid JSONL',
      },
    },
    controls: { complete: { state: 'completed' }, fail: { state: 'failed' } },
  },
};
