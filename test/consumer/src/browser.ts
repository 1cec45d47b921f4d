// A browser bundle's view: the vendor types with no Node types in the program (tsconfig.browser.json).
import { createManualClock, handlers } from 'jobkit/msw';
import type { FullStoryOperation, WeaviateExportStatus } from 'jobkit/vendors';
import type { RequestHandler } from 'msw';

export function label(op: FullStoryOperation): string {
  return op.state === 'COMPLETED' ? (op.results?.downloadUrl ?? 'done') : (op.state ?? 'unknown');
}

export const status: WeaviateExportStatus['status'] = 'SUCCESS';

// @ts-expect-error: a key Weaviate's schema does not declare
export const typo: WeaviateExportStatus = { statuss: 'SUCCESS' };

// The MSW handlers as a browser bundle imports them (for `setupWorker`), on a manual clock.
export const mockHandlers: RequestHandler[] = handlers({ vendors: ['pinpoint'], clock: createManualClock() });

// @ts-expect-error: vendors are names or vendor bundles, not numbers
handlers({ vendors: [42] });
