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
  onPoll?: (event: PollEvent & { step: string }) => void;
  env?: NodeJS.ProcessEnv;
  /** Overrides every poll step's intervalMs (e.g. against a sped-up mock). */
  intervalMs?: number;
}
