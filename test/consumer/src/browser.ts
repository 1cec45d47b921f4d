// A browser bundle's view: the vendor types with no Node types in the program (tsconfig.browser.json).
import type { FullStoryOperation, WeaviateExportStatus } from 'jobkit/vendors';

export function label(op: FullStoryOperation): string {
  return op.state === 'COMPLETED' ? (op.results?.downloadUrl ?? 'done') : (op.state ?? 'unknown');
}

export const status: WeaviateExportStatus['status'] = 'SUCCESS';

// @ts-expect-error: a key Weaviate's schema does not declare
export const typo: WeaviateExportStatus = { statuss: 'SUCCESS' };

// jobkit/msw goes here once it is built: see README.md.
