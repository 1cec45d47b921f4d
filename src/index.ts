export { runCli } from './cli/program.js';
export { pollJob } from './contract/poll.js';
export { checkRecording } from './contract/recording.js';
export { loadSuite, runSuite } from './contract/suite.js';
export type { CaseResult, CheckReport } from './contract/types.js';
export { isJobkitError, JobkitError, type JobkitErrorCode, type JobkitErrorOptions } from './errors.js';
export { type BodyRecord, type InputItem, type InputProblem, readBodies } from './io/bodies.js';
export { createMockApp, type MockApp, type MockAppOptions } from './mock/app.js';
export { type Clock, createManualClock, createRealClock } from './mock/clock.js';
export { createMockServer, type MockServer, type MockServerOptions } from './mock/listen.js';
export { createMockState, type MockState, type MockStateOptions } from './mock/state.js';
export { buildOpenApi } from './openapi/export.js';
export { RULES, type RuleId, SequenceChecker, type Violation } from './rules/check.js';
export type { ValidationIssue, ValidationResult } from './schema/issues.js';
export { type BodyFailure, type ValidateSummary, validateInputs } from './validate/run.js';
export { defaultRegistry, validate } from './vendors/default.js';
export {
  createRegistry,
  type Registry,
  type RegistryOptions,
  type Vendor,
  type VendorState,
} from './vendors/registry.js';
