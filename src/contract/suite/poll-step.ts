import type { Violation } from '../../rules/check.js';
import { own } from '../../util/json.js';
import { getAt } from '../../util/pointer.js';
import type { Vendor } from '../../vendors/registry.js';
import { pollJob } from '../poll.js';
import type { CaseResult, PollEvent } from '../types.js';
import { send, statusOk } from './http.js';
import { resolveUrl, type StepContext, substitute } from './template.js';
import type { PollSpec, RunSuiteOptions, StepSpec } from './types.js';

export interface PollStepContext extends StepContext {
  /** The suite's name, for the poll events. */
  suite: string;
  onPoll?: RunSuiteOptions['onPoll'];
  intervalMs?: number | undefined;
}

/** Polls the step's URL to the end (sending its cancel request on the way), then checks what the suite expects. */
export async function pollStep(
  step: StepSpec,
  name: string,
  vendor: Vendor,
  ctx: PollStepContext,
): Promise<CaseResult> {
  const poll = step.poll as PollSpec;
  const url = resolveUrl(poll.path, ctx);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...ctx.headers, ...(poll.headers ?? {}) }))
    headers[k] = substitute(v, ctx);
  const intervalMs = ctx.intervalMs ?? poll.intervalMs;
  const result = await pollJob({
    vendor,
    url,
    headers,
    name,
    ...(intervalMs === undefined ? {} : { intervalMs }),
    ...(poll.timeoutMs === undefined ? {} : { timeoutMs: poll.timeoutMs }),
    ...(ctx.onPoll
      ? { onPoll: (e: PollEvent) => ctx.onPoll?.({ ...e, suite: ctx.suite, step: step.name }) }
      : {}),
    beforePoll: cancelHook(poll, ctx),
  });
  if (poll.expect) result.violations.push(...expectedEnd(poll.expect, result, vendor));
  for (const [variable, pointer] of Object.entries(poll.capture ?? {})) {
    const value = result.lastBody === undefined ? undefined : getAt(result.lastBody, pointer);
    if (typeof value === 'string' || typeof value === 'number') ctx.vars[variable] = String(value);
    else
      result.violations.push({
        rule: 'capture',
        poll: result.polls,
        pointer,
        message: `nothing to capture as "${variable}" at ${pointer} in the last body`,
      });
  }
  result.ok = result.violations.length === 0;
  return result;
}

/** Sends the cancel request once, before the poll after `afterPolls`; a refused cancel is a violation of that poll. */
function cancelHook(poll: PollSpec, ctx: StepContext): (n: number) => Promise<Violation[] | undefined> {
  let cancelled = false;
  return async (n) => {
    if (!poll.cancel || cancelled || n !== poll.cancel.afterPolls + 1) return undefined;
    cancelled = true;
    const res = await send(poll.cancel.request, ctx);
    if (statusOk(poll.cancel.expect?.status, res.status)) return undefined;
    return [
      {
        rule: 'http-status',
        poll: n,
        pointer: '',
        message: `cancel ${poll.cancel.request.method ?? 'GET'} ${res.url} answered ${res.status}, expected ${JSON.stringify(poll.cancel.expect?.status ?? '2xx')}: ${res.text.slice(0, 200)}`,
        current: res.status,
      },
    ];
  };
}

/** The suite's expectations of how the job ends: its terminal state, the polls, the duration. */
function expectedEnd(
  expect: NonNullable<PollSpec['expect']>,
  result: CaseResult,
  vendor: Vendor,
): Violation[] {
  const out: Violation[] = [];
  const last = result.states[result.states.length - 1];
  const kind = last === undefined ? undefined : own(vendor.lifecycle.status.states, last)?.terminal;
  const wanted = expect.terminal;
  const reached =
    wanted === undefined ||
    (kind !== undefined &&
      (wanted === 'any' || (Array.isArray(wanted) ? wanted.includes(last as string) : wanted === kind)));
  if (!reached) {
    out.push({
      rule: 'expected-end',
      poll: result.polls,
      pointer: vendor.statusField,
      message: `expected the job to end ${Array.isArray(wanted) ? `in ${wanted.join(' or ')}` : `with ${wanted}`}, but it ${kind ? `ended in "${last}" (${kind})` : `is still "${last ?? 'unknown'}"`}`,
      current: last,
    });
  }
  if (expect.minPolls !== undefined && result.polls < expect.minPolls) {
    out.push({
      rule: 'expected-end',
      poll: result.polls,
      pointer: '',
      message: `expected at least ${expect.minPolls} polls before the end, got ${result.polls}`,
    });
  }
  if (expect.maxDurationMs !== undefined && result.durationMs > expect.maxDurationMs) {
    out.push({
      rule: 'expected-end',
      poll: result.polls,
      pointer: '',
      message: `took ${Math.round(result.durationMs)} ms, more than ${expect.maxDurationMs} ms`,
    });
  }
  return out;
}
