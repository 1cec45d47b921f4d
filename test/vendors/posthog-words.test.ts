import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { withMockServer } from '../helpers/server.js';

/**
 * PostHog's messages in its own words: the runs list validates its query with
 * BatchExportRunListQuerySerializer (products/batch_exports/backend/api/batch_export.py), whose
 * `status` is a ListField of DRF serializers.ChoiceField, so a bad value reads as DRF's
 * invalid_choice message, not Django forms' "Select a valid choice…".
 */

const registry = createRegistry();
const RUNS = '/api/projects/1/batch_exports/0190a3c2-7b1e-4d4a-9f3e-2b5c8d1e4f60/runs/';

const withServer = (run: (origin: string) => Promise<void>) =>
  withMockServer({ registry, seed: 5, clock: createManualClock(Date.UTC(2026, 0, 1)) }, run);

describe('PostHog list refusals, in DRF words', () => {
  it.each([
    ['/api/projects/1', 'Done'],
    ['/api/environments/1', 'running'],
  ])('a status filter that is no status (%s) is 400 \'"%s" is not a valid choice.\'', async (prefix, bad) => {
    await withServer(async (origin) => {
      const path = RUNS.replace('/api/projects/1', prefix);
      const res = await fetch(`${origin}${path}?status=Completed&status=${bad}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ type: 'validation_error', detail: `"${bad}" is not a valid choice.` });
    });
  });
});
