import type { Violation } from '../rules/check.js';
import {
  type EndObservation,
  type FailureObservation,
  type NoteObservation,
  type Observation,
  observation,
  type StopReason,
} from './observation.js';
import { staticMock } from './static-probe.js';

/**
 * What the transport needs to know of the bodies it has yielded, asked after each one has been
 * judged (a consumer that reads ahead would answer for an earlier body). SequenceJudge is one.
 */
export interface SequenceView {
  /** A terminal status has been seen: poll `confirmPolls` more times, then stop. */
  readonly terminal: boolean;
  /** Where a body holds the job's id, for the static-mock probe. */
  readonly idPointers: readonly string[];
}

export interface TransportOptions {
  url: string;
  headers?: Record<string, string>;
  intervalMs?: number;
  timeoutMs?: number;
  /** Called before each poll (the suite's cancel step hooks in here); what it returns is yielded as failures. */
  beforePoll?: (poll: number) => Promise<Violation[] | undefined>;
  /**
   * After this many identical non-terminal bodies in a row, check whether the server is a static
   * mock (e.g. Prism): it answers a job other than the one asked for, or the same body for a
   * random id. A static mock has no lifecycle, so polling stops with a note instead of timing out.
   * A real job that is merely stuck fails neither test and is polled to the timeout. Default 3.
   */
  staticAfter?: number;
  /** Polls after the first terminal body, to see that it stays terminal (default 2). */
  confirmPolls?: number;
  /** Without one, no body counts as terminal and the probe knows no id pointers. */
  view?: SequenceView;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const note = (message: string): NoteObservation => observation({ kind: 'note', message });

/**
 * Polls one status URL and yields what it sees: each JSON body, the failure that stops it (never
 * a throw), notes (Retry-After waits, a static mock), and last an `end` saying why it stopped.
 * It owns the timing: the interval, Retry-After waits, the timeout and the confirming polls.
 */
export async function* pollStatus(options: TransportOptions): AsyncGenerator<Observation, void, undefined> {
  const { url, headers, view } = options;
  const interval = options.intervalMs ?? 500;
  const timeout = options.timeoutMs ?? 60_000;
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const end = (reason: StopReason): EndObservation =>
    observation({ kind: 'end', reason, timeoutMs: timeout, elapsedMs: elapsed() });
  let polls = 0;
  let confirmLeft = options.confirmPolls ?? 2;
  let lastText: string | undefined;
  let same = 0;
  let staticChecked = false;

  for (;;) {
    for (const v of (await options.beforePoll?.(polls + 1)) ?? [])
      yield observation({ ...v, kind: 'failure' });
    const answer = await get(url, headers, timeout - elapsed());
    if (answer.kind === 'failure') {
      yield answer;
      yield end('failure');
      return;
    }
    const { response, text } = answer;
    if (response.status === 429 || response.status === 503) {
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? interval;
      yield note(`answered ${response.status}; waited ${wait} ms (Retry-After) and polled again`);
      if (elapsed() + wait >= timeout) {
        yield end('timeout');
        return;
      }
      await sleep(wait);
      continue;
    }
    const read = readBody(url, response, text);
    if (read.kind === 'failure') {
      yield read;
      yield end('failure');
      return;
    }
    polls++;
    const { status, headers: responseHeaders } = response;
    const { body } = read;
    const elapsedMs = elapsed();
    yield observation({
      kind: 'response',
      poll: polls,
      status,
      headers: responseHeaders,
      text,
      body,
      elapsedMs,
    });
    if (view?.terminal) {
      if (confirmLeft-- <= 0) {
        yield end('terminal');
        return;
      }
      await sleep(Math.min(interval, 250));
      continue;
    }

    same = text === lastText ? same + 1 : 0;
    lastText = text;
    if (!staticChecked && same + 1 >= (options.staticAfter ?? 3)) {
      staticChecked = true;
      const note = await staticNote(url, body, text, view?.idPointers ?? [], headers);
      if (note) {
        yield note;
        yield end('static-mock');
        return;
      }
    }
    if (elapsed() + interval >= timeout) {
      yield end('timeout');
      return;
    }
    await sleep(interval);
  }
}

async function staticNote(
  url: string,
  body: unknown,
  text: string,
  idPointers: readonly string[],
  headers: Record<string, string> | undefined,
): Promise<NoteObservation | undefined> {
  const why = await staticMock(url, body, text, idPointers, headers);
  if (!why) return undefined;
  return note(
    `${url} looks like a static mock (e.g. Prism): ${why}. A static mock has no lifecycle, so the lifecycle rules could not be exercised; the schema results above stand.`,
  );
}

type Answer = { kind: 'answer'; response: Response; text: string } | FailureObservation;

async function get(
  url: string,
  headers: Record<string, string> | undefined,
  leftMs: number,
): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(Math.round(Math.max(1000, Math.min(30_000, leftMs)))),
    });
  } catch (error) {
    return observation({
      kind: 'failure',
      rule: 'connection',
      message: `cannot reach ${url}: ${describeFetchError(error)}`,
    });
  }
  // The body can fail after the headers (a reset, broken chunked framing, a stall past the timeout).
  try {
    return { kind: 'answer', response, text: await response.text() };
  } catch (error) {
    return observation({
      kind: 'failure',
      rule: 'connection',
      message: `cannot read the answer of ${url} (${response.status}): ${describeFetchError(error)}`,
    });
  }
}

/** A 200 answer's JSON body, or the failure that stops polling. */
function readBody(
  url: string,
  response: Response,
  text: string,
): { kind: 'body'; body: unknown } | FailureObservation {
  if (response.status !== 200) {
    return observation({
      kind: 'failure',
      rule: 'http-status',
      message: `GET ${url} answered ${response.status} ${response.statusText}: ${text.slice(0, 200)}`,
      current: response.status,
    });
  }
  try {
    return { kind: 'body', body: JSON.parse(text) };
  } catch {
    return observation({
      kind: 'failure',
      rule: 'json-body',
      message: `GET ${url} answered ${response.headers.get('content-type') ?? 'no content type'} that is not JSON: ${JSON.stringify(text.slice(0, 120))}`,
    });
  }
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
