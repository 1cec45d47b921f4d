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
  /**
   * After this many identical non-terminal bodies in a row, check whether the server is a static
   * mock (e.g. Prism): it answers a job other than the one asked for, or the same body for a
   * random id. A static mock has no lifecycle, so polling stops with a note instead of timing out.
   * A real job that is merely stuck fails neither test and is polled to the timeout. Default 3.
   */
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
  let staticChecked = false;

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
    const state = checker.lastState;
    if (state !== undefined && states[states.length - 1] !== state) states.push(state);
    options.onPoll?.({
      poll: checker.polls,
      ...(state !== undefined ? { state } : {}),
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
    if (!staticChecked && same + 1 >= (options.staticAfter ?? 3)) {
      staticChecked = true;
      const why = await staticMock(options.url, body, text, checker.model.ids, options.headers);
      if (why) {
        notes.push(
          `${options.url} looks like a static mock (e.g. Prism): ${why}. A static mock has no lifecycle, so the lifecycle rules could not be exercised; the schema results above stand.`,
        );
        break;
      }
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

/** Why the server at `url` looks static, or undefined when it answers like a real job store. */
async function staticMock(
  url: string,
  body: unknown,
  text: string,
  idPointers: string[],
  headers: Record<string, string> | undefined,
): Promise<string | undefined> {
  const u = new URL(url);
  const segments = u.pathname.split('/').map((s) => decodeURIComponent(s));
  const ids = idPointers
    .map((p) => getAt(body, p))
    .filter((v): v is string => typeof v === 'string' && v !== '');
  const foreign = ids.find((id) => !segments.includes(id));
  if (foreign !== undefined) return `it answers job "${foreign}", which is not the job in the URL`;
  const index =
    ids.length > 0 ? segments.lastIndexOf(ids[0] as string) : segments.findLastIndex((s) => s !== '');
  if (index <= 0) return undefined;
  const probe = new URL(url);
  const probeSegments = [...segments];
  probeSegments[index] = `jobkit-probe-${Math.random().toString(36).slice(2, 10)}`;
  probe.pathname = probeSegments.map((s) => encodeURIComponent(s)).join('/');
  try {
    const res = await fetch(probe, {
      headers: { accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(5000),
    });
    const probeText = await res.text();
    if (res.status === 200 && probeText === text)
      return `it answers the same body for a random id (${probe.pathname})`;
  } catch {
    // The probe is only a hint; transport trouble here changes nothing.
  }
  return undefined;
}
