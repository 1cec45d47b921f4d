import { describe, expect, it } from 'vitest';
import { JobkitError } from '../../src/errors.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { useTempTrees } from '../helpers/fixtures.js';

const lifecycle = (root: string, extra: object = {}) => ({
  title: 'Acme exports',
  schema: { root },
  status: {
    field: '/state',
    states: { queued: { initial: true }, done: { terminal: 'success' }, broken: { terminal: 'failure' } },
    transitions: { queued: ['done', 'broken'] },
  },
  ...extra,
});

const OPENAPI_30_YAML = `openapi: 3.0.3
info: { title: Acme, version: '1' }
paths: {}
components:
  schemas:
    Job:
      type: object
      required: [id, state]
      properties:
        id: { type: string, format: uuid }
        state: { $ref: '#/components/schemas/State' }
        progress: { type: number, minimum: 0, exclusiveMinimum: true, maximum: 100, nullable: true }
        owner: { type: string, x-internal: true }
    State:
      type: string
      enum: [queued, done, broken]
`;

const tempDir = useTempTrees();

function userVendor(files: Record<string, string | object>) {
  return createRegistry({ roots: [tempDir(files)], builtins: false });
}

function loadError(files: Record<string, string | object>, name = 'acme'): string {
  try {
    userVendor(files).get(name);
  } catch (error) {
    expect(error).toBeInstanceOf(JobkitError);
    return (error as Error).message;
  }
  throw new Error('expected the vendor to fail loading');
}

describe("a user's own vendor", () => {
  it('loads an OpenAPI 3.0 YAML component through the same path as built-ins', () => {
    const acme = userVendor({
      'schemas/acme/openapi.yaml': OPENAPI_30_YAML,
      'mocks/acme/lifecycle.json': lifecycle('Job'),
    }).get('acme');
    const id = '6f1c2a9e-2b4d-4c1e-9a7b-0e1d2c3b4a59';
    expect(acme.validate({ id, state: 'queued', progress: null }).valid).toBe(true);
    expect(acme.validate({ id, state: 'queued', progress: 0 }).issues[0]).toMatchObject({
      pointer: '/progress',
      keyword: 'exclusiveMinimum',
    });
    expect(acme.validate({ id, state: 'lost' }).issues[0]).toMatchObject({
      pointer: '/state',
      keyword: 'enum',
    });
  });

  it('loads an OpenAPI 3.1 document and a lifecycle in YAML', () => {
    const acme = userVendor({
      'schemas/acme/api.json': {
        openapi: '3.1.0',
        components: {
          schemas: {
            Job: {
              type: 'object',
              properties: {
                state: { enum: ['queued', 'done', 'broken'] },
                note: { type: ['string', 'null'] },
              },
            },
          },
        },
      },
      'mocks/acme/lifecycle.yaml': `title: Acme
schema: { root: Job }
status:
  field: /state
  states: { queued: { initial: true }, done: { terminal: success }, broken: { terminal: failure } }
  transitions: { queued: [done, broken] }
`,
    }).get('acme');
    expect(acme.validate({ state: 'done', note: null }).valid).toBe(true);
    expect(acme.validate({ state: 'done', note: 3 }).valid).toBe(false);
  });

  it('replaces a built-in vendor of the same name, when its file says so', () => {
    const dir = tempDir({
      'schemas/posthog/Job.json': { type: 'object', properties: { s: { type: 'string' } } },
      'mocks/posthog/lifecycle.json': {
        ...lifecycle('Job'),
        replaces: 'posthog',
        status: { ...lifecycle('Job').status, field: '/s' },
      },
    });
    const registry = createRegistry({ roots: [dir] });
    expect(registry.get('posthog').title).toBe('Acme exports');
    expect(registry.locate('posthog')?.builtin).toBe(false);
  });
});

describe('bad vendor input names the file, the pointer and what to do', () => {
  it.each<[string, Record<string, string | object>, RegExp]>([
    [
      'a typo keyword',
      {
        'schemas/acme/Job.json': {
          type: 'object',
          requried: ['id'],
          properties: { state: { type: 'string' } },
        },
      },
      /schemas\/acme\/Job\.json#\/requried: unknown keyword "requried"; did you mean "required"\?/,
    ],
    [
      'a $ref to a schema nobody defines',
      {
        'schemas/acme/Job.json': {
          type: 'object',
          properties: { state: { $ref: '#/components/schemas/Missing' } },
        },
      },
      /schemas\/acme\/Job\.json#\/properties\/state\/\$ref: \$ref points to a schema named "Missing", which no file defines/,
    ],
    [
      'a $ref to another server',
      {
        'schemas/acme/Job.json': {
          type: 'object',
          properties: { state: { $ref: 'https://example.com/s.json' } },
        },
      },
      /#\/properties\/state\/\$ref: .*points outside the vendor's schema folder/,
    ],
    [
      'invalid JSON',
      { 'schemas/acme/Job.json': '{\n  "type": "object",\n  "properties": {,}\n}' },
      /schemas\/acme\/Job\.json:3:18: invalid JSON \(expected a property name in double quotes, got .,.\)/,
    ],
    [
      'a schema that is not JSON Schema',
      { 'schemas/acme/Job.json': { type: 'object', properties: { state: { type: 'text' } } } },
      /Job\.json#\/properties\/state\/type: must be equal to one of the allowed values/,
    ],
    [
      'an empty schema folder',
      { 'schemas/acme/README.md': 'nothing' },
      /holds no \.json or \.yaml schema file/,
    ],
    [
      'the same schema name twice',
      {
        'schemas/acme/Job.json': { type: 'object' },
        'schemas/acme/more.json': { openapi: '3.1.0', components: { schemas: { Job: {} } } },
      },
      /"Job" is defined twice, in \S*schemas\/acme\/Job\.json# and in \S*schemas\/acme\/more\.json#\/components\/schemas\/Job/,
    ],
  ])('%s', (_name, schemaFiles, expected) => {
    const message = loadError({ ...schemaFiles, 'mocks/acme/lifecycle.json': lifecycle('Job') });
    expect(message).toMatch(/^Failed to load vendor "acme": /);
    expect(message).toMatch(expected);
  });

  it.each<[string, object, RegExp]>([
    ['an unknown root schema', lifecycle('Nope'), /lifecycle\.json#\/schema\/root: no schema named "Nope"/],
    [
      'a status field the schema lacks',
      { ...lifecycle('Job'), status: { ...lifecycle('Job').status, field: '/phase' } },
      /#\/status\/field: "\/phase" is not a property of schema "Job"/,
    ],
    [
      'a misspelt lifecycle key',
      { ...lifecycle('Job'), titel: 'x' },
      /lifecycle\.json#\/titel: is not allowed here/,
    ],
    [
      'a transition to an undeclared state',
      {
        ...lifecycle('Job'),
        status: { ...lifecycle('Job').status, transitions: { queued: ['done', 'gone'] } },
      },
      /#\/status\/transitions\/queued\/1: "gone" is not a declared state/,
    ],
    [
      'a state the schema enum forbids',
      {
        ...lifecycle('Job'),
        status: {
          field: '/state',
          states: { queued: { initial: true }, over: { terminal: 'success' } },
          transitions: { queued: ['over'] },
        },
      },
      /#\/status\/states\/over: the schema's \/state enum does not allow "over"/,
    ],
  ])('a lifecycle with %s', (_name, file, expected) => {
    const message = loadError({
      'schemas/acme/Job.json': {
        type: 'object',
        properties: { state: { type: 'string', enum: ['queued', 'done', 'broken'] } },
      },
      'mocks/acme/lifecycle.json': file,
    });
    expect(message).toMatch(expected);
  });

  it('an unknown vendor lists the known ones and suggests the closest', () => {
    const registry = createRegistry();
    expect(() => registry.get('posthgo')).toThrow(
      /Unknown vendor "posthgo"\. Did you mean "posthog"\? Known vendors: dakera, fullstory, fullstory-users-batch, pinpoint, posthog, weaviate/,
    );
  });

  it('a vendor folder without mocks/ is a usage error', () => {
    const dir = tempDir({ 'schemas/acme/Job.json': {} });
    expect(() => createRegistry({ roots: [dir] })).toThrow(/has no mocks\/ folder/);
  });

  it('an unknown format is an annotation, with a warning naming where it is', () => {
    const acme = userVendor({
      'schemas/acme/Job.json': {
        type: 'object',
        properties: { state: { type: 'string', format: 'job-state' } },
      },
      'mocks/acme/lifecycle.json': lifecycle('Job'),
    }).get('acme');
    expect(acme.validate({ state: 'anything' }).valid).toBe(true);
    expect(acme.schemas.warnings[0]).toMatch(
      /Job\.json#\/properties\/state\/format: format "job-state" is not one jobkit knows/,
    );
  });
});
