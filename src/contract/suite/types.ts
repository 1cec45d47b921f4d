import type { Registry } from '../../vendors/registry.js';
import type { PollEvent } from '../types.js';

// A suite file, as contracts/suite.schema.json allows it.

export interface RequestSpec {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export type StatusExpectation = number | number[];

export interface StepSpec {
  name: string;
  request?: RequestSpec;
  expect?: { status?: StatusExpectation; schema?: string };
  capture?: Record<string, string>;
  poll?: PollSpec;
}

export interface PollSpec {
  path: string;
  headers?: Record<string, string>;
  intervalMs?: number;
  timeoutMs?: number;
  cancel?: { afterPolls: number; request: RequestSpec; expect?: { status?: StatusExpectation } };
  expect?: {
    terminal?: 'success' | 'failure' | 'cancelled' | 'any' | string[];
    maxDurationMs?: number;
    minPolls?: number;
  };
  capture?: Record<string, string>;
}

export interface Suite {
  file: string;
  name: string;
  description?: string;
  vendor: string;
  baseUrl?: string;
  headers?: Record<string, string>;
  variables?: Record<string, string>;
  steps: StepSpec[];
}

export interface RunSuiteOptions {
  registry: Registry;
  baseUrl?: string;
  onPoll?: (event: PollEvent & { step: string }) => void;
  env?: NodeJS.ProcessEnv;
  /** Overrides every poll step's intervalMs (e.g. against a sped-up mock). */
  intervalMs?: number;
}
