import { describe, expect, it } from 'vitest';
import { isJobkitError, JobkitError } from '../src/errors.js';

describe('JobkitError', () => {
  it('carries its code, message, file, pointer and cause as data, and no exit status', () => {
    const cause = new Error('EACCES');
    const error = new JobkitError('lifecycle-load', 'broken', {
      file: 'mocks/acme/lifecycle.json',
      pointer: '/status/field',
      cause,
    });
    expect(error).toMatchObject({
      name: 'JobkitError',
      code: 'lifecycle-load',
      message: 'broken',
      file: 'mocks/acme/lifecycle.json',
      pointer: '/status/field',
      cause,
    });
    expect(error).not.toHaveProperty('exitCode');
    expect(isJobkitError(error)).toBe(true);
  });

  it('leaves file, pointer and cause out when not given', () => {
    const error = new JobkitError('usage', 'no');
    expect(error.file).toBeUndefined();
    expect(error.pointer).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('isJobkitError refuses other errors', () => {
    expect(isJobkitError(new Error('x'))).toBe(false);
    expect(isJobkitError({ name: 'JobkitError', code: 'usage', message: 'x' })).toBe(false);
  });
});
