import type { Registry } from '../../vendors/registry.js';
// A suite file's types come from contracts/suite.schema.json (`npm run gen`), so the two cannot drift.
import type { SuiteFile } from '../suite-file.generated.js';
import type { PollEvent } from '../types.js';

export type {
  PollCancel,
  PollExpectation,
  PollSpec,
  RequestSpec,
  StatusExpectation,
  StepSpec,
} from '../suite-file.generated.js';

/** A loaded suite: the file's content and where it came from. */
export type Suite = SuiteFile & { file: string };

export interface RunSuiteOptions {
  registry: Registry;
  baseUrl?: string;
  onPoll?: (event: PollEvent & { suite: string; step: string }) => void;
  env?: NodeJS.ProcessEnv;
  /** Overrides every poll step's intervalMs (e.g. against a sped-up mock). */
  intervalMs?: number;
  /**
   * How many steps may run at once (runSuite: 1, runSuites: 4): suites side by side, and within
   * a suite the poll steps that do not depend on each other. 1 runs everything one after another.
   */
  concurrency?: number;
  /** Told when a step starts and ends (a live progress line shows what runs). */
  onStep?: (event: { suite: string; step: string; phase: 'start' | 'end' }) => void;
}
