export { runCli } from './cli/program.js';
export { isJobkitError, JobkitError, type JobkitErrorCode } from './errors.js';
export { type BodyRecord, type InputItem, type InputProblem, readBodies } from './io/bodies.js';
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
