import { JobkitError } from '../../errors.js';
import { isObject } from '../../util/json.js';
import { joinPointer, unescapeToken } from '../../util/pointer.js';
import { lookup, references } from './template.js';
import type { RequestSpec, StepSpec, Suite } from './types.js';

/** Variables every run defines: {run} (random hex) and {now} (the run's start). */
export const BUILTIN_VARIABLES = ['run', 'now'] as const;

export interface PreflightOptions {
  /** The base URL the run will use (--base-url), over the suite's own. */
  baseUrl?: string | undefined;
  /** Where `{env.NAME}` comes from; without it, env references are not checked. */
  env?: NodeJS.ProcessEnv | undefined;
  /** Check that relative paths have a base URL (off when the caller may still pass one). */
  requireBase?: boolean;
}

/** One template of a step: where it is and its text. */
interface Template {
  pointer: string;
  text: string;
}

/** A problem found before any request: the JSON pointer in the suite file and what is wrong. */
export interface SuiteProblem {
  pointer: string;
  message: string;
}

// RFC 9110 token characters; fetch refuses any other header name, and CR, LF or NUL in a value.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_HEADER_VALUE = /[\r\n\0]/;

/**
 * Throws a usage error (exit 2) listing every problem a run of this suite would meet before its
 * first request could tell: an undefined variable, a missing or invalid base URL, a bad header.
 */
export function assertRunnable(suite: Suite, options: PreflightOptions = {}): void {
  const problems = suiteProblems(suite, options);
  if (problems.length === 0) return;
  const first = problems[0] as SuiteProblem;
  throw new JobkitError(
    'usage',
    `Suite ${suite.file} cannot run:\n${problems.map((p) => `  ${suite.file}#${p.pointer}: ${p.message}`).join('\n')}`,
    { file: suite.file, pointer: first.pointer },
  );
}

export function suiteProblems(suite: Suite, options: PreflightOptions = {}): SuiteProblem[] {
  return [...baseProblems(suite, options), ...headerProblems(suite), ...variableProblems(suite, options)];
}

/** Each step's templates (path, headers, string values of the body), with their pointers. */
export function stepTemplates(step: StepSpec, at: string): Template[] {
  if (step.request) return requestTemplates(step.request, joinPointer(at, 'request'));
  if (!step.poll) return [];
  const poll = joinPointer(at, 'poll');
  return [
    { pointer: joinPointer(poll, 'path'), text: step.poll.path },
    ...headerTemplates(step.poll.headers, joinPointer(poll, 'headers')),
    ...(step.poll.cancel
      ? requestTemplates(step.poll.cancel.request, joinPointer(poll, 'cancel', 'request'))
      : []),
  ];
}

/** The variables a step sets for the steps after it. */
export function stepCaptures(step: StepSpec): string[] {
  return Object.keys(step.request ? (step.capture ?? {}) : (step.poll?.capture ?? {}));
}

function requestTemplates(request: RequestSpec, at: string): Template[] {
  return [
    { pointer: joinPointer(at, 'path'), text: request.path },
    ...headerTemplates(request.headers, joinPointer(at, 'headers')),
    ...bodyTemplates(request.body, joinPointer(at, 'body')),
  ];
}

function headerTemplates(headers: Record<string, string> | undefined, at: string): Template[] {
  return Object.entries(headers ?? {}).map(([name, text]) => ({ pointer: joinPointer(at, name), text }));
}

function bodyTemplates(value: unknown, at: string): Template[] {
  if (typeof value === 'string') return [{ pointer: at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => bodyTemplates(v, joinPointer(at, i)));
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => bodyTemplates(v, joinPointer(at, k)));
  return [];
}

/**
 * Walks the steps in order with the variables defined so far (built-ins, `variables`, the captures
 * of earlier steps): a reference to anything else is a problem. The suite's headers go with every
 * step, so they are checked at each one and reported once.
 */
function variableProblems(suite: Suite, options: PreflightOptions): SuiteProblem[] {
  const defined = new Set<string>([...BUILTIN_VARIABLES, ...Object.keys(suite.variables ?? {})]);
  const problems: SuiteProblem[] = [];
  const reported = new Set<string>();
  const suiteHeaders = headerTemplates(suite.headers, '/headers');
  suite.steps.forEach((step, i) => {
    const at = joinPointer('/steps', i);
    for (const t of [...suiteHeaders, ...stepTemplates(step, at)]) {
      for (const ref of references(t.text)) {
        const key = `${t.pointer}\n${ref.whole}`;
        if (reported.has(key) || isDefined(ref, defined, options.env)) continue;
        reported.add(key);
        problems.push({
          pointer: t.pointer,
          message: ref.env
            ? `${ref.whole} has no value: set the environment variable ${ref.name}`
            : `${ref.whole} is not defined${t.pointer.startsWith('/headers/') ? ` before step "${step.name}"` : ''}: define "${ref.name}" in variables or capture it in an earlier step`,
        });
      }
    }
    for (const name of stepCaptures(step)) defined.add(name);
  });
  return problems;
}

function isDefined(
  ref: { env: boolean; name: string },
  defined: Set<string>,
  env: NodeJS.ProcessEnv | undefined,
): boolean {
  if (!ref.env) return defined.has(ref.name);
  return env === undefined || lookup(env, ref.name) !== undefined;
}

/** The base URL must be http(s), and present when any path is not an absolute URL. */
function baseProblems(suite: Suite, options: PreflightOptions): SuiteProblem[] {
  const base = options.baseUrl ?? suite.baseUrl;
  if (base !== undefined) {
    if (isHttpUrl(base)) return [];
    return [
      {
        pointer: options.baseUrl === undefined ? '/baseUrl' : '',
        message: `the base URL "${base}" is not an http(s) URL: ${options.baseUrl === undefined ? 'fix baseUrl in the suite' : 'fix --base-url'} (e.g. http://127.0.0.1:4010)`,
      },
    ];
  }
  if (options.requireBase !== true) return [];
  const relative = suite.steps
    .flatMap((step, i) => stepTemplates(step, joinPointer('/steps', i)))
    .find((t) => t.pointer.endsWith('/path') && !/^https?:\/\//.test(t.text));
  if (relative === undefined) return [];
  return [
    {
      pointer: relative.pointer,
      message: `no base URL for the path "${relative.text}": pass --base-url or set baseUrl in the suite`,
    },
  ];
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function headerProblems(suite: Suite): SuiteProblem[] {
  const templates = [
    ...headerTemplates(suite.headers, '/headers'),
    ...suite.steps.flatMap((step, i) => stepHeaders(step, joinPointer('/steps', i))),
  ];
  const problems: SuiteProblem[] = [];
  for (const t of templates) {
    const name = headerName(t.pointer);
    if (!HEADER_NAME.test(name))
      problems.push({
        pointer: t.pointer,
        message: `"${name}" is not a valid header name: use letters, digits and - (no spaces or colons)`,
      });
    else if (BAD_HEADER_VALUE.test(t.text))
      problems.push({
        pointer: t.pointer,
        message: `the value of header ${name} has a line break or NUL: a header value is one line`,
      });
  }
  return problems;
}

function stepHeaders(step: StepSpec, at: string): Template[] {
  if (step.request) return headerTemplates(step.request.headers, joinPointer(at, 'request', 'headers'));
  if (!step.poll) return [];
  return [
    ...headerTemplates(step.poll.headers, joinPointer(at, 'poll', 'headers')),
    ...headerTemplates(
      step.poll.cancel?.request.headers,
      joinPointer(at, 'poll', 'cancel', 'request', 'headers'),
    ),
  ];
}

function headerName(pointer: string): string {
  return unescapeToken(pointer.slice(pointer.lastIndexOf('/') + 1));
}
