import { describe, expect, it } from 'vitest';
import { JobkitError } from '../../src/errors.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { useTempTrees } from '../helpers/fixtures.js';
import { batchyCancel, batchyFiles, batchyMock, batchyStatus } from '../helpers/transit-vendor.js';

const tempDir = useTempTrees();

function loadError(overrides: Record<string, unknown>): JobkitError {
  try {
    createRegistry({ roots: [tempDir(batchyFiles(overrides))], builtins: false }).get('batchy');
  } catch (error) {
    expect(error).toBeInstanceOf(JobkitError);
    return error as JobkitError;
  }
  throw new Error('expected the vendor to fail loading');
}

const withCancel = (cancel: object) => ({ mock: batchyMock(cancel) });
const withTransitions = (transitions: Record<string, string[]>) => ({
  status: { ...batchyStatus(), transitions },
});

describe('a control transit the loader refuses, with a pointer', () => {
  it('loads the valid one', () => {
    expect(createRegistry({ roots: [tempDir(batchyFiles())], builtins: false }).get('batchy').name).toBe(
      'batchy',
    );
  });

  it.each([
    [
      'an undeclared transit state',
      withCancel({ ...batchyCancel(), via: { state: 'stopping', ms: 100 } }),
      '/mock/controls/cancel/via/state',
      '"stopping" is not a declared state',
    ],
    [
      'a terminal transit state',
      withCancel({ ...batchyCancel(), via: { state: 'failed', ms: 100 } }),
      '/mock/controls/cancel/via/state',
      '"failed" is terminal',
    ],
    [
      'a from state that cannot move into the transit',
      withTransitions({
        validating: ['in_progress', 'failed', 'cancelling'],
        in_progress: ['completed', 'failed', 'cancelled'],
        cancelling: ['cancelled'],
      }),
      '/mock/controls/cancel/from/1',
      '"in_progress" → "cancelling" is not a legal transition',
    ],
    [
      'no from, and a non-terminal state that cannot move into the transit',
      {
        ...withCancel({ state: 'cancelled', via: { state: 'cancelling', ms: 100 } }),
        ...withTransitions({
          validating: ['in_progress', 'failed'],
          in_progress: ['completed', 'failed', 'cancelling'],
          cancelling: ['cancelled'],
        }),
      },
      '/mock/controls/cancel/via/state',
      '"validating" → "cancelling" is not a legal transition',
    ],
    [
      'a transit that cannot move to the final state',
      withTransitions({
        validating: ['in_progress', 'failed', 'cancelling'],
        in_progress: ['completed', 'failed', 'cancelling'],
        cancelling: ['failed'],
      }),
      '/mock/controls/cancel/via/state',
      '"cancelling" → "cancelled" is not a legal transition',
    ],
    [
      'a from that lists the transit state itself',
      withCancel({ ...batchyCancel(), from: ['in_progress', 'cancelling'] }),
      '/mock/controls/cancel/from/1',
      'is the transit state itself',
    ],
  ])('%s', (_what, overrides, pointer, words) => {
    const error = loadError(overrides);
    expect(error.code).toBe('lifecycle-load');
    expect(error.pointer).toBe(pointer);
    expect(error.message).toContain(words);
  });

  it('a transit without its length is a schema error', () => {
    const error = loadError(withCancel({ ...batchyCancel(), via: { state: 'cancelling' } }));
    expect(error.code).toBe('lifecycle-load');
    expect(error.pointer).toBe('/mock/controls/cancel/via/ms');
    expect(error.message).toContain('ms');
  });
});
