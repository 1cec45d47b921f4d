// Suites: a YAML or JSON file of steps (requests, polls) run against a base URL.
export { createSuiteLoader, loadSuite, type SuiteLoader } from './suite/load.js';
export { type RunSuiteOptions, runSuite } from './suite/run.js';
export type { Suite } from './suite/types.js';
