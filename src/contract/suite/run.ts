import { randomBytes } from 'node:crypto';
import type { Vendor } from '../../vendors/registry.js';
import type { CaseResult, CheckReport } from '../types.js';
import { type PollStepContext, pollStep } from './poll-step.js';
import { requestStep } from './request-step.js';
import { SuiteStepError } from './template.js';
import type { RunSuiteOptions, StepSpec, Suite } from './types.js';

export type { RunSuiteOptions } from './types.js';

/** Runs the suite's steps in order; a step that fails skips the ones after it. */
export async function runSuite(suite: Suite, options: RunSuiteOptions): Promise<CheckReport> {
  const started = performance.now();
  const vendor = options.registry.get(suite.vendor);
  const ctx: PollStepContext = {
    base: options.baseUrl ?? suite.baseUrl,
    vars: {
      run: randomBytes(4).toString('hex'),
      now: new Date().toISOString(),
      ...(suite.variables ?? {}),
    },
    env: options.env ?? process.env,
    headers: suite.headers ?? {},
    onPoll: options.onPoll,
    intervalMs: options.intervalMs,
  };
  const cases: CaseResult[] = [];
  let failed = false;
  for (const step of suite.steps) {
    const name = `${suite.name} › ${step.name}`;
    const result = failed ? skipped(name, vendor) : await runStep(step, name, vendor, ctx);
    cases.push(result);
    if (!result.ok) failed = true;
  }
  return {
    name: suite.name,
    source: suite.file,
    cases,
    ok: cases.every((c) => c.ok),
    durationMs: performance.now() - started,
    problems: [],
  };
}

/** One step's case; a step that cannot run (SuiteStepError) is a failed case with its one violation. */
async function runStep(
  step: StepSpec,
  name: string,
  vendor: Vendor,
  ctx: PollStepContext,
): Promise<CaseResult> {
  try {
    return step.request
      ? await requestStep(step, name, vendor, ctx)
      : await pollStep(step, name, vendor, ctx);
  } catch (error) {
    if (!(error instanceof SuiteStepError)) throw error;
    return {
      name,
      vendor: vendor.name,
      ok: false,
      violations: [error.violation],
      polls: 0,
      durationMs: 0,
      states: [],
      notes: [],
    };
  }
}

function skipped(name: string, vendor: Vendor): CaseResult {
  return {
    name,
    vendor: vendor.name,
    ok: true,
    skipped: true,
    violations: [],
    polls: 0,
    durationMs: 0,
    states: [],
    notes: ['skipped: an earlier step failed'],
  };
}
