import { describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../src/format/types.js';
import { inferFrom, type JobDoc, jobDoc } from '../helpers/init-doc.js';

const STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const JOB = "{ $ref: '#/components/schemas/Job' }";

function routesOf(o: JobDoc) {
  const inferred = inferFrom(jobDoc({ states: STATES, ...o }));
  const routes = inferred.vendor.api?.routes ?? [];
  const by = (action: string) => routes.find((r) => r.action === action) as RouteSpec | undefined;
  return { ...inferred, routes, by };
}

/** A path block for jobDoc: one operation with a JSON answer. */
function op(path: string, method: string, code: number, schema: string | undefined, extra = ''): string {
  const content = schema ? `\n          content: { application/json: { schema: ${schema} } }` : '';
  return `  ${path}:
    ${method}:
${extra}      responses:
        '${code}':
          description: answer${content}
`;
}

describe('the status route', () => {
  it('is the GET answering the job, with its id parameter', () => {
    const { by, lines } = routesOf({ statusPath: '/jobs/{jobId}' });
    expect(by('status')).toMatchObject({
      method: 'GET',
      path: '/jobs/{jobId}',
      action: 'status',
      idParam: 'jobId',
      schema: 'Job',
    });
    expect(lines).toContain('GET /jobs/{jobId}: status');
  });

  it('leaves idParam out when it is id', () => {
    expect(routesOf({}).by('status')).not.toHaveProperty('idParam');
  });

  it('gets the prefix of the first server URL', () => {
    const { by, lines } = routesOf({ top: 'servers: [{ url: "https://api.example.com/v2/" }]' });
    expect(by('status')?.path).toBe('/v2/jobs/{id}');
    expect(lines).toContain("base path /v2 (from the document's servers)");
    expect(routesOf({ top: 'servers: [{ url: "{endpoint}/translator" }]' }).by('status')?.path).toBe(
      '/translator/jobs/{id}',
    );
  });

  it('makes the other path parameters job parameters', () => {
    const { vendor } = routesOf({ statusPath: '/projects/{projectId}/jobs/{id}' });
    expect(vendor.mock?.params).toEqual({ projectId: '{{lower:8}}' });
  });
});

describe('the create route', () => {
  it('answers the body when POST answers the job (201)', () => {
    const { by } = routesOf({ paths: op('/jobs', 'post', 201, JOB) });
    expect(by('create')).toMatchObject({
      method: 'POST',
      path: '/jobs',
      schema: 'Job',
      create: { response: { status: 201, body: '{{body}}' } },
    });
  });

  it('keeps a 200 answer', () => {
    expect(routesOf({ paths: op('/jobs', 'post', 200, JOB) }).by('create')?.create?.response).toEqual({
      status: 200,
      body: '{{body}}',
    });
  });

  it('sends Location / Operation-Location and Retry-After on a 202, and Retry-After on the status route', () => {
    const headers = `          headers:
            Operation-Location: { schema: { type: string } }
            Retry-After: { schema: { type: integer } }
`;
    const paths = `  /jobs:
    post:
      responses:
        '202':
          description: accepted
${headers}`;
    const { by } = routesOf({ paths });
    expect(by('create')?.create?.response).toEqual({
      status: 202,
      headers: { 'Operation-Location': '{{statusUrl}}', 'Retry-After': '{{retryAfter}}' },
    });
    expect(by('status')?.status?.retryAfter).toEqual({ queued: 5, running: 2 });
    const located = routesOf({ paths: paths.replace('Operation-Location', 'Location') });
    expect(located.by('create')?.create?.response?.headers).toEqual({
      Location: '{{statusUrl}}',
      'Retry-After': '{{retryAfter}}',
    });
  });

  it('gives no retryAfter where no route declares Retry-After', () => {
    expect(routesOf({ paths: op('/jobs', 'post', 201, JOB) }).by('status')).not.toHaveProperty('status');
  });

  it('reads the request schema (3.x requestBody)', () => {
    const paths = op(
      '/jobs',
      'post',
      201,
      JOB,
      "      requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/JobRequest' } } } }\n",
    );
    const { by } = routesOf({
      paths,
      schemas: '    JobRequest: { type: object, properties: { input: { type: string } } }',
    });
    expect(by('create')).toMatchObject({ requestSchema: 'JobRequest', create: { request: 'JobRequest' } });
  });

  it('fills the id and status of another acknowledgement shape', () => {
    const { by, undecided } = routesOf({
      paths: op('/jobs', 'post', 202, "{ $ref: '#/components/schemas/Ack' }"),
      schemas:
        '    Ack: { type: object, properties: { jobId: { type: string }, status: { type: string, enum: [queued] }, note: { type: string } } }',
    });
    expect(by('create')?.create?.response).toEqual({
      status: 202,
      body: { jobId: '{{job.id}}', status: '{{body:/state}}' },
    });
    expect(undecided.join('\n')).toContain('POST /jobs answers Ack, not Job');
  });

  it('says so when there is no create', () => {
    expect(routesOf({}).undecided.join('\n')).toContain('no POST /jobs');
  });
});

describe('the cancel route', () => {
  /** An operation of the status path itself. */
  const statusOp = (text: string) =>
    op('/jobs/{id}', 'delete', 200, JOB, text).split('\n').slice(1).join('\n');

  it.each([
    ['POST …/cancel', { paths: op('/jobs/{id}/cancel', 'post', 200, JOB) }, 'POST', '/jobs/{id}/cancel'],
    ['POST …:cancel', { paths: op('/jobs/{id}:cancel', 'post', 200, JOB) }, 'POST', '/jobs/{id}:cancel'],
    ['DELETE', { statusItem: statusOp('') }, 'DELETE', '/jobs/{id}'],
  ])('%s', (_, doc, method, path) => {
    const { by, vendor } = routesOf(doc);
    expect(by('cancel')).toMatchObject({ method, path, response: { status: 200, body: '{{body}}' } });
    expect(vendor.mock?.scenarios).toHaveProperty('cancel');
    expect(vendor.mock?.controls).toHaveProperty('cancel');
  });

  it('does not take a DELETE that removes the job as a cancel', () => {
    const statusItem = op('/jobs/{id}', 'delete', 204, undefined, '      summary: Delete a job\n')
      .split('\n')
      .slice(1)
      .join('\n');
    const { by, vendor } = routesOf({ statusItem });
    expect(by('cancel')).toBeUndefined();
    expect(vendor.mock?.scenarios).not.toHaveProperty('cancel');
  });

  it('serves no cancel when no state reads as cancelled', () => {
    const { by, undecided } = routesOf({
      states: ['queued', 'running', 'done', 'failed'],
      paths: op('/jobs/{id}/cancel', 'post', 200, JOB),
    });
    expect(by('cancel')).toBeUndefined();
    expect(undecided.join('\n')).toContain('looks like a cancel, but no state reads as cancelled');
  });
});

describe('the list route', () => {
  const list = (envelope: string, params = '') =>
    routesOf({
      paths: op(
        '/jobs',
        'get',
        200,
        "{ $ref: '#/components/schemas/JobList' }",
        params ? `      parameters: ${params}\n` : '',
      ),
      schemas: `    JobList: ${envelope}`,
    });

  it('reads an OpenAI-style envelope: data, first_id, last_id, has_more, after and limit', () => {
    const { by } = list(
      "{ type: object, required: [object, data, has_more], properties: { object: { type: string, enum: [list] }, data: { type: array, items: { $ref: '#/components/schemas/Job' } }, first_id: { type: string, nullable: true }, last_id: { type: string, nullable: true }, has_more: { type: boolean } } }",
      '[{ name: after, in: query, schema: { type: string } }, { name: limit, in: query, schema: { type: integer, default: 20, maximum: 100 } }]',
    );
    expect(by('list')).toMatchObject({ method: 'GET', path: '/jobs', schema: 'JobList' });
    expect(by('list')?.list).toEqual({
      limit: { query: 'limit', default: 20, max: 100 },
      cursor: { style: 'after-id', query: 'after' },
      body: {
        object: 'list',
        data: '{{items}}',
        first_id: '{{first_id|null}}',
        last_id: '{{last_id|null}}',
        has_more: '{{has_more}}',
      },
    });
  });

  it('reads an Azure-style envelope: value, @nextLink, $skip, $top', () => {
    const { by } = list(
      "{ type: object, properties: { value: { type: array, items: { $ref: '#/components/schemas/Job' } }, '@nextLink': { type: string, nullable: true } } }",
      '[{ name: $skip, in: query, schema: { type: integer } }, { name: $top, in: query, schema: { type: integer, maximum: 50 } }]',
    );
    expect(by('list')?.list).toEqual({
      limit: { query: '$top', default: 20, max: 50 },
      cursor: { style: 'index', query: '$skip' },
      next: 'url',
      body: { value: '{{items}}', '@nextLink': '{{next|null}}' },
    });
  });

  it('reads offset paging with a total, a page number, and an opaque token', () => {
    const items = "items: { type: array, items: { $ref: '#/components/schemas/Job' } }";
    const offset = list(
      `{ type: object, properties: { ${items}, total: { type: integer } } }`,
      '[{ name: offset, in: query, schema: { type: integer } }]',
    );
    expect(offset.by('list')?.list).toEqual({
      cursor: { style: 'index', query: 'offset' },
      body: { items: '{{items}}', total: '{{total}}' },
    });
    const page = list(
      `{ type: object, properties: { ${items} } }`,
      '[{ name: page, in: query, schema: { type: integer } }]',
    );
    expect(page.by('list')?.list?.cursor).toEqual({ style: 'page', query: 'page' });
    const token = list(
      `{ type: object, properties: { ${items}, nextPageToken: { type: string } } }`,
      '[{ name: pageToken, in: query, schema: { type: string } }, { name: pageSize, in: query, schema: { type: integer } }]',
    );
    expect(token.by('list')?.list).toEqual({
      limit: { query: 'pageSize', default: 20, max: 100 },
      cursor: 'pageToken',
      body: { items: '{{items}}', nextPageToken: '{{next}}' },
    });
  });

  it('reads a next link and a bare array', () => {
    const next = list(
      "{ type: object, properties: { jobs: { type: array, items: { $ref: '#/components/schemas/Job' } }, next: { type: string, format: uri, nullable: true } } }",
    );
    expect(next.by('list')?.list).toMatchObject({
      next: 'url',
      body: { jobs: '{{items}}', next: '{{next|null}}' },
    });
    const nextLink = list(
      "{ type: object, properties: { value: { type: array, items: { $ref: '#/components/schemas/Job' } }, nextLink: { type: string } } }",
    );
    expect(nextLink.by('list')?.list).toMatchObject({
      next: 'url',
      body: { value: '{{items}}', nextLink: '{{next}}' },
    });
    const bare = list("{ type: array, items: { $ref: '#/components/schemas/Job' } }");
    expect(bare.by('list')?.list?.body).toBe('{{items}}');
  });

  it('reads path item parameters, and names their place when a $ref there is dangling', () => {
    const paths = (param: string) => `  /jobs:
    parameters: [${param}]
    get:
      responses:
        '200':
          description: list
          content: { application/json: { schema: { type: array, items: ${JOB} } } }
`;
    const ok = routesOf({
      paths: paths('{ name: limit, in: query, schema: { type: integer, maximum: 40 } }'),
    });
    expect(ok.by('list')?.list?.limit).toEqual({ query: 'limit', default: 20, max: 40 });
    expect(() => routesOf({ paths: paths("{ $ref: '#/components/parameters/Limit' }") })).toThrow(
      /openapi\.yaml#\/paths\/~1jobs\/parameters\/0: cannot follow \$ref "#\/components\/parameters\/Limit": nothing is there/,
    );
  });

  it('does not serve a list of something else', () => {
    const { by, undecided } = list(
      '{ type: object, properties: { names: { type: array, items: { type: string } } } }',
    );
    expect(by('list')).toBeUndefined();
    expect(undecided.join('\n')).toContain('GET /jobs answers no list of Job');
  });
});

describe('Swagger 2.0', () => {
  const swagger = `swagger: '2.0'
info: { title: Acme, version: '1' }
basePath: /api/v1
paths:
  /jobs:
    post:
      parameters: [{ name: body, in: body, schema: { $ref: '#/definitions/JobRequest' } }]
      responses:
        '202':
          description: accepted
          headers: { Operation-Location: { type: string } }
  /jobs/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, type: string }]
      responses:
        '200': { description: job, schema: { $ref: '#/definitions/Job' } }
        '400': { description: bad, schema: { $ref: '#/definitions/Error' } }
definitions:
  JobRequest: { type: object, properties: { input: { type: string } } }
  Job:
    type: object
    properties:
      id: { type: string }
      status: { type: string, enum: [NotStarted, Running, Succeeded, Failed, Cancelled] }
      lastActionDateTimeUtc: { type: string, format: date-time }
  Error: { type: object, properties: { error: { type: object, properties: { code: { type: string }, message: { type: string } } } } }
`;

  it('reads basePath, the in: body request schema and definitions', () => {
    const { vendor } = inferFrom(swagger);
    const routes = vendor.api?.routes ?? [];
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/jobs/{id}',
      'POST /api/v1/jobs',
    ]);
    expect(routes[1]).toMatchObject({
      requestSchema: 'JobRequest',
      create: {
        request: 'JobRequest',
        response: { status: 202, headers: { 'Operation-Location': '{{statusUrl}}' } },
      },
    });
    expect(vendor.body?.lastActionDateTimeUtc).toEqual({ from: 'time.updated' });
    expect(vendor.api?.errors).toEqual({
      schema: 'Error',
      body: { error: { code: '{{code}}', message: '{{message}}' } },
      kinds: { cancel_refused: { status: 400 } },
    });
  });
});

describe('the error body', () => {
  const withError = (schema: string, code = 404, type = 'application/json') =>
    inferFrom(
      jobDoc({
        paths: '',
        schemas: `    Error: ${schema}`,
      }).replace(
        "          content: { application/json: { schema: { $ref: '#/components/schemas/Job' } } }\n",
        `          content: { application/json: { schema: { $ref: '#/components/schemas/Job' } } }\n        '${code}':\n          description: error\n          content: { ${type}: { schema: { $ref: '#/components/schemas/Error' } } }\n`,
      ),
    );

  it('fills message, code and type', () => {
    const { vendor, lines } = withError(
      '{ type: object, properties: { message: { type: string }, code: { type: string }, type: { type: string } } }',
    );
    expect(vendor.api?.errors).toEqual({
      schema: 'Error',
      body: { message: '{{message}}', code: '{{code}}', type: '{{type}}' },
      kinds: {},
    });
    expect(lines.join('\n')).toContain('errors: Error');
  });

  it('fills problem+json: a type URI is about:blank, status the HTTP status', () => {
    const { vendor } = withError(
      '{ type: object, properties: { type: { type: string, format: uri }, title: { type: string }, status: { type: integer }, detail: { type: string } } }',
      400,
      'application/problem+json',
    );
    expect(vendor.api?.errors?.body).toEqual({
      type: 'about:blank',
      title: '{{type}}',
      status: '{{status}}',
      detail: '{{message}}',
    });
    // The media type comes along, so clients that branch on problem+json see it.
    expect(vendor.api?.errors?.contentType).toBe('application/problem+json');
  });

  it('leaves the content type to the vendor when errors are plain JSON', () => {
    const { vendor } = withError('{ type: object, properties: { message: { type: string } } }', 400);
    expect(vendor.api?.errors).not.toHaveProperty('contentType');
  });

  it('fills a nested {"error": {...}}, with a code enum taking its first value', () => {
    const { vendor } = withError(
      '{ type: object, required: [error], properties: { error: { type: object, properties: { code: { type: string, enum: [NotFound, Invalid] }, message: { type: string }, innerError: { type: object, properties: { x: { type: string } } } } } } }',
    );
    expect(vendor.api?.errors?.body).toEqual({ error: { code: 'NotFound', message: '{{message}}' } });
  });

  it('falls back to {code, message} and says so with no error schema', () => {
    const { vendor, undecided } = inferFrom(jobDoc());
    expect(vendor.api?.errors).toEqual({ body: { code: '{{code}}', message: '{{message}}' }, kinds: {} });
    expect(undecided.join('\n')).toContain('no error schema on the job routes');
  });

  it('answers a bad request with 422 when the document declares 422 and not 400', () => {
    expect(
      withError('{ type: object, properties: { message: { type: string } } }', 422).vendor.api?.errors?.kinds,
    ).toEqual({ bad_request: { status: 422 } });
  });
});
