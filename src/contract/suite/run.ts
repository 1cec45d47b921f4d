import { randomBytes } from 'node:crypto';
import type { Vendor } from '../../vendors/registry.js';
import type { CaseResult, CheckReport } from '../types.js';
import { type PollStepContext, pollStep } from './poll-step.js';
import { assertRunnable } from './preflight.js';
import { requestStep } from './request-step.js';
import { createLimiter, type Limiter, runBatch, stepBatches } from './schedule.js';
import { SuiteStepError, variableTable } from './template.js';
import type { RunSuiteOptions, StepSpec, Suite } from './types.js';

export type { RunSuiteOptions } from './types.js';

/**
 * Runs the suite's steps; a step that fails skips the ones after it. With `concurrency` above 1,
 * independent poll steps run side by side (see stepBatches); the report is the one a run in order
 * would give: the cases in the suite's order, and every step after a failed one marked skipped.
 */
export async function runSuite(suite: Suite, options: RunSuiteOptions): Promise<CheckReport> {
  const limiter = createLimiter(options.concurrency ?? 1);
  const release = await limiter.acquire();
  try {
    return await runSuiteIn(suite, options, limiter);
  } finally {
    release();
  }
}

/**
 * Runs many suites side by side, at most `concurrency` (default 4) steps at once; each suite holds
 * one slot and borrows free ones for its parallel polls. Reports come back in the input order.
 */
export async function runSuites(suites: readonly Suite[], options: RunSuiteOptions): Promise<CheckReport[]> {
  for (const suite of suites)
    assertRunnable(suite, { baseUrl: options.baseUrl, env: runEnv(options), requireBase: true });
  const limiter = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  return Promise.all(
    suites.map(async (suite) => {
      const release = await limiter.acquire();
      try {
        return await runSuiteIn(suite, options, limiter);
      } finally {
        release();
      }
    }),
  );
}

export const DEFAULT_CONCURRENCY = 4;

const runEnv = (options: RunSuiteOptions) => options.env ?? process.env;

/** Runs a suite in the slot the caller holds. */
async function runSuiteIn(suite: Suite, options: RunSuiteOptions, limiter: Limiter): Promise<CheckReport> {
  assertRunnable(suite, { baseUrl: options.baseUrl, env: runEnv(options), requireBase: true });
  const started = performance.now();
  const vendor = options.registry.get(suite.vendor);
  const ctx: PollStepContext = {
    base: options.baseUrl ?? suite.baseUrl,
    vars: variableTable(
      { run: randomBytes(4).toString('hex'), now: new Date().toISOString() },
      suite.variables ?? {},
    ),
    env: runEnv(options),
    headers: suite.headers ?? {},
    ...(options.onPoll ? { onPoll: options.onPoll } : {}),
    suite: suite.name,
    intervalMs: options.intervalMs,
  };
  const cases: CaseResult[] = [];
  let failed = false;
  const nameOf = (step: StepSpec) => `${suite.name} › ${step.name}`;
  for (const batch of stepBatches(suite)) {
    const results = failed
      ? []
      : await runBatch(
          batch,
          async (i) => {
            const step = suite.steps[i] as StepSpec;
            options.onStep?.({ suite: suite.name, step: step.name, phase: 'start' });
            const result = await runStep(step, nameOf(step), vendor, ctx);
            options.onStep?.({ suite: suite.name, step: step.name, phase: 'end' });
            return result;
          },
          limiter,
        );
    batch.forEach((i, k) => {
      const result = results[k];
      const step = suite.steps[i] as StepSpec;
      cases.push(failed || result === undefined ? skipped(nameOf(step), vendor) : result);
      if (!cases[cases.length - 1]?.ok) failed = true;
    });
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
