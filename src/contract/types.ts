import type { Violation } from '../rules/check.js';
import type { ClientReport } from '../rules/client-report.js';

/** One checked job, suite step or recording: a JUnit testcase. */
export interface CaseResult {
  name: string;
  vendor: string;
  ok: boolean;
  violations: Violation[];
  polls: number;
  durationMs: number;
  /** Status values seen, in order, without repeats. */
  states: string[];
  notes: string[];
  /** The last body polled (for suite captures and JSON reports). */
  lastBody?: unknown;
  /** Not run because an earlier step failed. */
  skipped?: boolean;
}

/** One run of `jobkit check`: a suite file, a URL or a recording. */
export interface CheckReport {
  name: string;
  source: string;
  cases: CaseResult[];
  ok: boolean;
  durationMs: number;
  /** Inputs that could not be read (exit 2), reported after what could be checked. */
  problems: string[];
  /** How the client polled (`check --recording F --client-report`): its findings exit 1. */
  clientReport?: ClientReport;
}

export interface PollEvent {
  poll: number;
  state?: string;
  violations: number;
  elapsedMs: number;
}
