import type { VendorFile } from '../../src/format/types.js';

/**
 * The status of a plain own job API (queued → running → done | failed), shared by the tests'
 * user vendors; each copy gets its own object, so a test may change it.
 */
export function simpleStatus(field = '/state'): VendorFile['status'] {
  return {
    field,
    states: {
      queued: { initial: true },
      running: {},
      done: { terminal: 'success' },
      failed: { terminal: 'failure' },
    },
    transitions: { queued: ['running', 'failed'], running: ['done', 'failed'] },
  };
}
