// Suites: a YAML or JSON file of steps (requests, polls) run against a base URL.
export { createSuiteLoader, loadSuite, type SuiteLoader } from './suite/load.js';
export { type PreflightOptions, type SuiteProblem, suiteProblems } from './suite/preflight.js';
export { DEFAULT_CONCURRENCY, type RunSuiteOptions, runSuite, runSuites } from './suite/run.js';
export type { Suite } from './suite/types.js';
