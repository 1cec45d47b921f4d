/**
 * jobkit's library API: a handful of verbs, each with its option and result types.
 *
 * - `loadVendors` / `validate`: the vendors jobkit knows, and a body against one's schema (`strict`: and its lifecycle);
 * - `createMockApp` (Hono, for `app.request()` in tests) / `createMockServer` (listening);
 * - `checkJob` (poll a status URL) / `checkRecording` / `checkSequence` (any sequence of bodies);
 * - `loadSuite` / `runSuite`, `formatReport` (text, JSON, JUnit);
 * - `buildOpenApi`: the mock's routes as an OpenAPI 3.1 document;
 * - `bundleVendors`: vendors as data, for jobkit/msw's handlers in a browser.
 */

export { type CheckSequenceOptions, checkSequence } from './contract/check-sequence.js';
export { type PollOptions as CheckJobOptions, pollJob as checkJob } from './contract/poll.js';
export { checkRecording, type RecordingOptions } from './contract/recording.js';
export { type FormatReportOptions, formatReport, type ReporterName } from './contract/reporters/index.js';
export { loadSuite, type RunSuiteOptions, runSuite, type Suite } from './contract/suite.js';
export type { CaseResult, CheckReport } from './contract/types.js';
export { isJobkitError, JobkitError, type JobkitErrorCode, type JobkitErrorOptions } from './errors.js';
export type { Condition, FieldSpec, VendorFile } from './format/types.js';
export { createMockApp, type MockApp, type MockAppOptions } from './mock/app.js';
export { type Clock, createManualClock, createRealClock } from './mock/clock.js';
export { createMockServer, type MockServer, type MockServerOptions } from './mock/listen.js';
export { buildOpenApi, type OpenApiOptions } from './openapi/export.js';
export { RULES, type RuleId, type Violation } from './rules/check.js';
export type { ValidationIssue, ValidationResult } from './schema/issues.js';
export { type ValidateOptions, validate } from './validate/body.js';
export { type BundleVendorsOptions, bundleVendors } from './vendors/bundle-vendors.js';
export type { VendorBundle } from './vendors/bundled.js';
export type { Registry, Vendor, VendorState } from './vendors/registry.js';
export { type LoadVendorsOptions, loadVendors } from './verify/load.js';
