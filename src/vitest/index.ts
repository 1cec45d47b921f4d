/**
 * jobkit in vitest: import `jobkit/vitest` in a setup file and the matchers are registered.
 *
 * - `expect(body).toMatchJobSchema('pinpoint', { strict })`
 * - `expect(bodies).toFollowJobLifecycle('pinpoint')`
 * - `expect(server.requests()).toPollPolitely({ minIntervalMs })` (or `expect(server)`)
 * - `startMockServer(options)`: a mock on a free port with a manual clock, for one test file.
 */
import { expect } from 'vitest';
import type { ClientReportOptions } from '../rules/client-report.js';
import type { Vendor } from '../vendors/registry.js';
import { followJobLifecycle, type MatchJobSchemaOptions, matchJobSchema, pollPolitely } from './matchers.js';

export type { LoggedRequest } from '../mock/request-log.js';
export type { JobSummary } from '../mock/state.js';
export type { ClientPoll, ClientReportOptions } from '../rules/client-report.js';
export {
  followJobLifecycle,
  type MatchJobSchemaOptions,
  type MatchResult,
  matchJobSchema,
  pollPolitely,
  type RequestSource,
} from './matchers.js';
export { type StartMockServerOptions, startMockServer, type TestMockServer } from './server.js';

export interface JobkitMatchers<R = unknown> {
  /** The body passes the vendor's status schema (and, `strict`, what its lifecycle state requires). */
  toMatchJobSchema(vendor: string | Vendor, options?: MatchJobSchemaOptions): R;
  /** The bodies, one job's polls in order, break none of the vendor's lifecycle rules. */
  toFollowJobLifecycle(vendor: string | Vendor): R;
  /** The request log shows no poll after a terminal status, Retry-After honoured, no poll too soon. */
  toPollPolitely(options?: ClientReportOptions): R;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: vitest's own declaration is `Matchers<T = any>`; merging needs the same
  interface Matchers<T = any> extends JobkitMatchers<T> {}
}

expect.extend({
  toMatchJobSchema: (received: unknown, vendor: string | Vendor, options?: MatchJobSchemaOptions) =>
    matchJobSchema(received, vendor, options),
  toFollowJobLifecycle: (received: unknown, vendor: string | Vendor) => followJobLifecycle(received, vendor),
  toPollPolitely: (received: unknown, options?: ClientReportOptions) => pollPolitely(received, options),
});
