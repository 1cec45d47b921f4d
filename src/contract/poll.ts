import { SequenceChecker, type Violation } from '../rules/check.js';
import { getAt } from '../util/pointer.js';
import type { Vendor } from '../vendors/registry.js';
import type { CaseResult, PollEvent } from './types.js';

export interface PollOptions {
  vendor: Vendor;
  url: string;
  headers?: Record<string, string>;
  intervalMs?: number;
  timeoutMs?: number;
  name?: string;
  /** Called before each poll (the suite's cancel step hooks in here). */
  beforePoll?: (poll: number) => Promise<Violation[] | undefined>;
  onPoll?: (event: PollEvent) => void;
  /** Identical non-terminal bodies this many times in a row end the poll (a static mock has no lifecycle). */
  staticAfter?: number;
  /** Polls after the first terminal body, to see that it stays terminal (default 2). */
  confirmPolls?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls one status URL until the job is terminal or the timeout passes, checking every body
 * (schema) and the sequence (lifecycle rules). Transport trouble is a result, never a throw.
 */
export async function pollJob(options: PollOptions): Promise<CaseResult> {
  const interval = options.intervalMs ?? 500;
  const timeout = options.timeoutMs ?? 60_000;
  const checker = new SequenceChecker(options.vendor);
  const violations: Violation[] = [];
  const notes: string[] = [];
  const states: string[] = [];
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let lastText: string | undefined;
  let same = 0;
  let timedOut = false;
  let lastBody: unknown;
  let confirmLeft = options.confirmPolls ?? 2;

  const fail = (rule: Violation['rule'], message: string, current?: unknown) => {
    violations.push({
      rule,
      poll: checker.polls + 1,
      pointer: '',
      message,
      ...(current === undefined ? {} : { current }),
    });
  };

  for (;;) {
    const extra = await options.beforePoll?.(checker.polls + 1);
    if (extra) violations.push(...extra);
    let response: Response;
    try {
      response = await fetch(options.url, {
        headers: { accept: 'application/json', ...options.headers },
        signal: AbortSignal.timeout(Math.round(Math.max(1000, Math.min(30_000, timeout - elapsed())))),
      });
    } catch (error) {
      fail('connection', `cannot reach ${options.url}: ${describeFetchError(error)}`);
      break;
    }
    const text = await response.text();
    if (response.status === 429 || response.status === 503) {
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? interval;
      notes.push(`answered ${response.status}; waited ${wait} ms (Retry-After) and polled again`);
      if (elapsed() + wait >= timeout) {
        timedOut = true;
        break;
      }
      await sleep(wait);
      continue;
    }
    if (response.status !== 200) {
      fail(
        'http-status',
        `GET ${options.url} answered ${response.status} ${response.statusText}: ${text.slice(0, 200)}`,
        response.status,
      );
      break;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      fail(
        'json-body',
        `GET ${options.url} answered ${response.headers.get('content-type') ?? 'no content type'} that is not JSON: ${JSON.stringify(text.slice(0, 120))}`,
      );
      break;
    }
    lastBody = body;
    const found = checker.check(body);
    violations.push(...found);
    const state = getAt(body, checker.model.statusPointer);
    if (typeof state === 'string' && states[states.length - 1] !== state) states.push(state);
    options.onPoll?.({
      poll: checker.polls,
      ...(typeof state === 'string' ? { state } : {}),
      violations: violations.length,
      elapsedMs: elapsed(),
    });
    if (checker.terminal) {
      if (confirmLeft-- <= 0) break;
      await sleep(Math.min(interval, 250));
      continue;
    }

    same = text === lastText ? same + 1 : 0;
    lastText = text;
    if (options.staticAfter !== undefined && same + 1 >= options.staticAfter) {
      notes.push(
        `the last ${same + 1} bodies were identical and not terminal: this looks like a static mock (e.g. Prism), which has no lifecycle; schema results stand, lifecycle rules could not be exercised`,
      );
      break;
    }
    if (elapsed() + interval >= timeout) {
      timedOut = true;
      break;
    }
    await sleep(interval);
  }
  violations.push(...checker.finish({ timedOut, timeoutMs: timeout }));
  return {
    name: options.name ?? `poll ${options.url}`,
    vendor: options.vendor.name,
    ok: violations.length === 0,
    violations,
    polls: checker.polls,
    durationMs: elapsed(),
    states,
    notes,
    ...(lastBody === undefined ? {} : { lastBody }),
  };
}

export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  if ((error as Error).name === 'TimeoutError') return 'no answer before the timeout';
  return error instanceof Error ? error.message : String(error);
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(30_000, Math.max(0, seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.min(30_000, Math.max(0, at - Date.now()));
}
