import { describe, expect, it } from 'vitest';
import { JobkitError } from '../../src/errors.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { useTempTrees } from '../helpers/fixtures.js';

const tempDir = useTempTrees();

const schema = {
  openapi: '3.1.0',
  components: {
    schemas: { Job: { type: 'object', properties: { state: { enum: ['queued', 'done'] } } } },
  },
};

const lifecycle = (overrides: object = {}) => ({
  title: 'Acme exports',
  schema: { root: 'Job' },
  status: {
    field: '/state',
    states: { queued: { initial: true }, done: { terminal: 'success' } },
    transitions: { queued: ['done'] },
  },
  ...overrides,
});

function loadError(files: Record<string, string | object>): JobkitError {
  try {
    createRegistry({ roots: [tempDir(files)], builtins: false }).get('acme');
  } catch (error) {
    expect(error).toBeInstanceOf(JobkitError);
    return error as JobkitError;
  }
  throw new Error('expected the vendor to fail loading');
}

describe('load errors carry the file and pointer as data, as their message names them', () => {
  it.each([
    [
      'a status field the schema lacks',
      { status: { ...lifecycle().status, field: '/phase' } },
      '/status/field',
    ],
    [
      'a state the status enum does not allow',
      {
        status: {
          field: '/state',
          states: { queued: { initial: true }, lost: { terminal: 'failure' } },
          transitions: { queued: ['lost'] },
        },
      },
      '/status/states/lost',
    ],
    ['a root schema that does not exist', { schema: { root: 'Missing' } }, '/schema/root'],
    ['a name that is not the folder', { name: 'other' }, '/name'],
  ])('%s', (_what, overrides, pointer) => {
    const error = loadError({
      'schemas/acme/job.json': schema,
      'mocks/acme/lifecycle.json': lifecycle(overrides),
    });
    expect(error.code).toBe('lifecycle-load');
    expect(error.file).toMatch(/mocks\/acme\/lifecycle\.json$/);
    expect(error.pointer).toBe(pointer);
    expect(error.message).toContain(`${error.file}#${pointer}: `);
  });

  it('an unreadable schema document names its file, with no pointer', () => {
    const error = loadError({
      'schemas/acme/job.json': '{ "$defs": ',
      'mocks/acme/lifecycle.json': lifecycle(),
    });
    expect(error.code).toBe('schema-load');
    expect(error.file).toMatch(/schemas\/acme\/job\.json$/);
    expect(error.pointer).toBeUndefined();
    expect(error.message).toContain(`${error.file}:1:`);
  });

  it('a missing schema folder names the folder and keeps the system error as the cause', () => {
    const error = loadError({ 'mocks/acme/lifecycle.json': lifecycle() });
    expect(error.code).toBe('schema-load');
    expect(error.file).toMatch(/schemas\/acme$/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
