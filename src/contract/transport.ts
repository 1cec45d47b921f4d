import type { Violation } from '../rules/check.js';
import {
  type EndObservation,
  type FailureObservation,
  type NoteObservation,
  type Observation,
  observation,
  type StopReason,
} from './observation.js';
import {
  type BodyRead,
  DEFAULT_MAX_BODY_BYTES,
  formatBytes,
  jsonDepthExceeds,
  MAX_JSON_DEPTH,
  readCapped,
} from './read-body.js';
import { planRetry } from './retry-after.js';
import { foreignId, STATIC_HINT, staticMock } from './static-probe.js';

/**
 * What the transport needs to know of the bodies it has yielded, asked after each one has been
 * judged (a consumer that reads ahead would answer for an earlier body). SequenceJudge is one.
 */
export interface SequenceView {
  /** A terminal status has been seen: poll `confirmPolls` more times, then stop. */
  readonly terminal: boolean;
  /** Where a body holds the job's id, for the id check and the static-mock probe. */
  readonly idPointers: readonly string[];
  /** Polling more would tell nothing (e.g. the bodies are another vendor's): stop now. */
  readonly stop?: boolean;
}

export interface TransportOptions {
  url: string;
  headers?: Record<string, string>;
  intervalMs?: number;
  /** An upper bound for the whole run: requests, body reads, waits and the probe (default 60 s). */
  timeoutMs?: number;
  /** Called before each poll (the suite's cancel step hooks in here); what it returns is yielded as failures. */
  beforePoll?: (poll: number) => Promise<Violation[] | undefined>;
  /**
   * After this many identical non-terminal bodies in a row, check whether the server is a static
   * mock (e.g. Prism): it answers the same body for a random id. A real job that is merely stuck
   * does not, and is polled to the timeout. Default 3.
   */
  staticAfter?: number;
  /** Polls after the first terminal body, to see that it stays terminal (default 2). */
  confirmPolls?: number;
  /** Without one, no body counts as terminal and no id is checked. */
  view?: SequenceView;
  /**
   * The id of the job the URL asks for (see request-id.ts): a body whose id is another is an
   * id-matches-request failure and the end, unless `allowStatic`.
   */
  requestedId?: string;
  /**
   * Accept a static mock on purpose: a wrong job's body, or the same body for a random id, ends
   * polling with a note (the lifecycle rules cannot be exercised) instead of a failure.
   */
  allowStatic?: boolean;
  /** The most a body may hold (default 8 MiB); past it, body-too-large. */
  maxBodyBytes?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
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
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const left = () => timeout - elapsed();
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
    if (left() <= 0) {
      yield end(view?.terminal ? 'terminal' : 'timeout');
      return;
    }
    const answer = await get(url, headers, left(), maxBytes, timeout);
    if (answer.kind !== 'answer') {
      yield* stopped(answer, polls, timeout, end);
      return;
    }
    const { response, text } = answer;
    if (response.status === 429 || response.status === 503) {
      const plan = planRetry(response.status, response.headers.get('retry-after'), interval, left());
      yield note(plan.note);
      await sleep(plan.waitMs);
      if (plan.exhausts) {
        yield end('timeout');
        return;
      }
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
    yield observation({
      kind: 'response',
      poll: polls,
      status,
      headers: responseHeaders,
      text,
      body,
      elapsedMs: elapsed(),
    });
    if (view?.stop) {
      yield end('failure');
      return;
    }
    const wrong = options.allowStatic ? undefined : wrongJob(url, body, view, options.requestedId, polls);
    if (wrong) {
      yield wrong;
      yield end('failure');
      return;
    }
    if (view?.terminal) {
      if (confirmLeft-- <= 0 || left() <= 0) {
        yield end('terminal');
        return;
      }
      await sleep(Math.min(interval, 250, left()));
      continue;
    }

    same = text === lastText ? same + 1 : 0;
    lastText = text;
    if (!staticChecked && same + 1 >= (options.staticAfter ?? 3)) {
      staticChecked = true;
      const found = await probeStatic(
        options,
        { body, text, poll: polls, leftMs: left(), maxBodyBytes: maxBytes },
        end,
      );
      if (found) {
        yield* found;
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

/**
 * Why a request gave no answer ends the run. The run's own time running out while a request was in
 * flight is the timeout (terminal-timeout) once the job has been seen; with no answer at all, or any
 * other failure, it is a failure.
 */
function* stopped(
  answer: Exclude<Answer, { kind: 'answer' }>,
  polls: number,
  timeout: number,
  end: (reason: StopReason) => EndObservation,
): Generator<Observation> {
  if (answer.kind === 'failure') {
    yield answer;
    yield end('failure');
  } else if (polls === 0) {
    yield observation({ kind: 'failure', rule: 'connection', message: answer.message });
    yield end('failure');
  } else {
    yield note(`${answer.message}; the ${timeout} ms timeout ended the run`);
    yield end('timeout');
  }
}

/** A static mock found by the probe: a note and the end when accepted, else a failure and the end. */
async function probeStatic(
  options: TransportOptions,
  seen: { body: unknown; text: string; poll: number; leftMs: number; maxBodyBytes: number },
  end: (reason: StopReason) => EndObservation,
): Promise<Observation[] | undefined> {
  const { url, headers, allowStatic } = options;
  const idPointers = options.view?.idPointers ?? [];
  const why = await staticMock({ url, headers, idPointers, ...seen });
  if (!why) return undefined;
  if (allowStatic) return [staticNote(url, why), end('static-mock')];
  return [staticFailure(url, why, seen.poll), end('failure')];
}

function wrongJob(
  url: string,
  body: unknown,
  view: SequenceView | undefined,
  requested: string | undefined,
  poll: number,
): FailureObservation | undefined {
  if (requested === undefined || !view) return undefined;
  const foreign = foreignId(body, view.idPointers, requested);
  if (!foreign) return undefined;
  return observation({
    kind: 'failure',
    rule: 'id-matches-request',
    poll,
    pointer: foreign.pointer,
    message: `GET ${url} answered job "${foreign.id}", not the requested job "${requested}". ${STATIC_HINT}`,
    current: foreign.id,
  });
}

function staticNote(url: string, why: string): NoteObservation {
  return note(
    `${url} looks like a static mock (e.g. Prism): ${why}. A static mock has no lifecycle, so the lifecycle rules could not be exercised; the schema results above stand.`,
  );
}

function staticFailure(url: string, why: string, poll: number): FailureObservation {
  return observation({
    kind: 'failure',
    rule: 'id-matches-request',
    poll,
    message: `${url} does not answer for the requested job: ${why}. ${STATIC_HINT}`,
  });
}

type Answer =
  | { kind: 'answer'; response: Response; text: string }
  | { kind: 'deadline'; message: string }
  | FailureObservation;

async function get(
  url: string,
  headers: Record<string, string> | undefined,
  leftMs: number,
  maxBytes: number,
  timeoutMs: number,
): Promise<Answer> {
  const signal = AbortSignal.timeout(Math.max(1, Math.round(leftMs)));
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal });
  } catch (error) {
    if (signal.aborted)
      return { kind: 'deadline', message: `cannot reach ${url}: no answer before the timeout` };
    return observation({
      kind: 'failure',
      rule: 'connection',
      message: `cannot reach ${url}: ${describeFetchError(error)}`,
    });
  }
  const read = await readCapped(response, maxBytes, signal);
  if (read.kind === 'text') return { kind: 'answer', response, text: read.text };
  if (read.kind === 'too-large' && response.status !== 200) return { kind: 'answer', response, text: '' };
  return bodyFailure(url, response, read, signal.aborted, timeoutMs, maxBytes);
}

function bodyFailure(
  url: string,
  response: Response,
  read: Exclude<BodyRead, { kind: 'text' }>,
  timedOut: boolean,
  timeoutMs: number,
  maxBytes: number,
): FailureObservation {
  const at = `GET ${url} (${response.status})`;
  if (read.kind === 'too-large') {
    return observation({
      kind: 'failure',
      rule: 'body-too-large',
      message: `${at} sent a body of more than ${formatBytes(maxBytes)}, the most a status body may hold; reading stopped there. A status body is small: check the URL (a download or a stream?), or raise the cap (maxBodyBytes).`,
      current: read.bytes,
    });
  }
  const got = `after ${formatBytes(read.bytes)}`;
  if (timedOut) {
    return observation({
      kind: 'failure',
      rule: 'connection',
      message: `${at} sent its headers, then its body stalled ${got}: it did not end within the ${timeoutMs} ms timeout.`,
    });
  }
  const encoding = response.headers.get('content-encoding');
  const code = (read.error as { cause?: { code?: string } }).cause?.code ?? '';
  if (encoding && encoding !== 'identity' && /^Z_|BROTLI|ERR_ZSTD|ZLIB/i.test(code)) {
    return observation({
      kind: 'failure',
      rule: 'json-body',
      message: `${at} sent a body that cannot be decoded as content-encoding "${encoding}" (${describeFetchError(read.error)}): the server compresses it wrongly.`,
    });
  }
  return observation({
    kind: 'failure',
    rule: 'connection',
    message: `${at} broke off while sending its body ${got}: ${describeFetchError(read.error)}.`,
  });
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
  const notJson = (why: string) =>
    observation({
      kind: 'failure',
      rule: 'json-body',
      message: `GET ${url} answered ${response.headers.get('content-type') ?? 'no content type'} ${why}`,
    });
  if (jsonDepthExceeds(text))
    return notJson(
      `nested deeper than ${MAX_JSON_DEPTH} levels, which no status body does: ${JSON.stringify(text.slice(0, 40))}…`,
    );
  try {
    return { kind: 'body', body: JSON.parse(text) };
  } catch {
    return notJson(`that is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
}

export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  if ((error as Error).name === 'TimeoutError') return 'no answer before the timeout';
  return error instanceof Error ? error.message : String(error);
}
