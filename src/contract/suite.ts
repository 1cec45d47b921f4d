import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { JobkitError } from '../errors.js';
import type { Violation } from '../rules/check.js';
import { displayPath } from '../schema/bundle.js';
import { toIssues } from '../schema/issues.js';
import { isObject, parseJsonLocated } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import { parseYaml } from '../util/yaml.js';
import { BUILTIN_ROOT, type Registry, type Vendor } from '../vendors/registry.js';
import { pollJob } from './poll.js';
import { describeFetchError } from './transport.js';
import type { CaseResult, CheckReport, PollEvent } from './types.js';

interface RequestSpec {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

type StatusExpectation = number | number[];

interface StepSpec {
  name: string;
  request?: RequestSpec;
  expect?: { status?: StatusExpectation; schema?: string };
  capture?: Record<string, string>;
  poll?: {
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
  };
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

// Ajv is required when the first suite is loaded, not imported: the library entry point imports
// this module, and loading Ajv's compiler costs tens of ms (see schema/ajv.ts).
const require = createRequire(import.meta.url);
let validateSuiteFile: ReturnType<Ajv2020['compile']> | undefined;

/** Reads and checks a suite file; problems name the file and JSON pointer (exit 2). */
export function loadSuite(path: string, registry: Registry): Suite {
  const file = displayPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new JobkitError(
      'input',
      `Cannot read suite ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}.`,
    );
  }
  let data: unknown;
  if (/\.json$/i.test(path)) {
    const parsed = parseJsonLocated(text);
    if (!parsed.ok)
      throw new JobkitError(
        'input',
        `${file}:${parsed.line}:${parsed.column}: invalid JSON (${parsed.reason}).`,
      );
    data = parsed.value;
  } else {
    try {
      data = parseYaml(text);
    } catch (error) {
      const e = error as { linePos?: { line: number; col: number }[]; message?: string };
      const at = e.linePos?.[0] ? `:${e.linePos[0].line}:${e.linePos[0].col}` : '';
      throw new JobkitError('input', `${file}${at}: invalid YAML (${String(e.message).split('\n')[0]}).`);
    }
  }
  if (!validateSuiteFile) {
    const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    const ajv = new Ajv({ allErrors: true, strict: false });
    validateSuiteFile = ajv.compile(
      JSON.parse(readFileSync(join(BUILTIN_ROOT, 'contracts', 'suite.schema.json'), 'utf8')),
    );
  }
  if (!validateSuiteFile(data)) {
    const lines = toIssues(validateSuiteFile.errors, data).map((i) => `  ${file}#${i.pointer}: ${i.message}`);
    throw new JobkitError(
      'input',
      `Suite ${file} does not match contracts/suite.schema.json:\n${lines.join('\n')}`,
    );
  }
  const suite = data as Omit<Suite, 'file'>;
  registry.get(suite.vendor); // unknown vendor: a usage error naming the known ones
  return { ...suite, file };
}

export interface RunSuiteOptions {
  registry: Registry;
  baseUrl?: string;
  onPoll?: (event: PollEvent & { step: string }) => void;
  env?: NodeJS.ProcessEnv;
  /** Overrides every poll step's intervalMs (e.g. against a sped-up mock). */
  intervalMs?: number;
}

/** Runs the suite's steps in order; a step that fails skips the ones after it. */
export async function runSuite(suite: Suite, options: RunSuiteOptions): Promise<CheckReport> {
  const started = performance.now();
  const vendor = options.registry.get(suite.vendor);
  const base = options.baseUrl ?? suite.baseUrl;
  const env = options.env ?? process.env;
  const vars: Record<string, string> = {
    run: randomBytes(4).toString('hex'),
    now: new Date().toISOString(),
    ...(suite.variables ?? {}),
  };
  const cases: CaseResult[] = [];
  let failed = false;
  let createdHere = false;

  for (const step of suite.steps) {
    const caseName = `${suite.name} › ${step.name}`;
    if (failed) {
      cases.push({
        name: caseName,
        vendor: vendor.name,
        ok: true,
        skipped: true,
        violations: [],
        polls: 0,
        durationMs: 0,
        states: [],
        notes: ['skipped: an earlier step failed'],
      });
      continue;
    }
    let result: CaseResult;
    try {
      if (step.request) {
        result = await requestStep(step, caseName, vendor, { base, vars, env, headers: suite.headers ?? {} });
        if (step.request.method && step.request.method !== 'GET') createdHere = true;
      } else {
        result = await pollStep(step, caseName, vendor, {
          base,
          vars,
          env,
          headers: suite.headers ?? {},
          createdHere,
          onPoll: options.onPoll,
          intervalMs: options.intervalMs,
        });
      }
    } catch (error) {
      if (!(error instanceof SuiteStepError)) throw error;
      result = {
        name: caseName,
        vendor: vendor.name,
        ok: false,
        violations: [error.violation],
        polls: 0,
        durationMs: 0,
        states: [],
        notes: [],
      };
    }
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

class SuiteStepError extends Error {
  constructor(readonly violation: Violation) {
    super(violation.message);
  }
}

interface StepContext {
  base: string | undefined;
  vars: Record<string, string>;
  env: NodeJS.ProcessEnv;
  headers: Record<string, string>;
}

/** `{name}` → a suite variable, a captured value, or `{env.NAME}`. */
function substitute(text: string, ctx: StepContext): string {
  return text.replace(/\{(env\.)?([A-Za-z_][\w-]*)\}/g, (whole, env: string | undefined, name: string) => {
    const value = env ? ctx.env[name] : ctx.vars[name];
    if (value === undefined) {
      throw new SuiteStepError({
        rule: 'capture',
        poll: 0,
        pointer: '',
        message: `${whole} has no value: ${env ? `set the environment variable ${name}` : `define "${name}" in variables or capture it in an earlier step`}`,
      });
    }
    return value;
  });
}

function substituteDeep(value: unknown, ctx: StepContext): unknown {
  if (typeof value === 'string') return substitute(value, ctx);
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, ctx));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteDeep(v, ctx)]));
  return value;
}

function resolveUrl(path: string, ctx: StepContext): string {
  const filled = substitute(path, ctx);
  if (/^https?:\/\//.test(filled)) return filled;
  if (!ctx.base) {
    throw new SuiteStepError({
      rule: 'connection',
      poll: 0,
      pointer: '',
      message: `no base URL for ${filled}: pass --base-url or set baseUrl in the suite`,
    });
  }
  return new URL(filled.replace(/^\//, ''), ctx.base.endsWith('/') ? ctx.base : `${ctx.base}/`).toString();
}

function statusOk(expect: StatusExpectation | undefined, status: number): boolean {
  if (expect === undefined) return status >= 200 && status < 300;
  return Array.isArray(expect) ? expect.includes(status) : expect === status;
}

async function send(
  request: RequestSpec,
  ctx: StepContext,
): Promise<{ url: string; status: number; text: string; headers: Headers }> {
  const url = resolveUrl(request.path, ctx);
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [k, v] of Object.entries({ ...ctx.headers, ...(request.headers ?? {}) }))
    headers[k] = substitute(v, ctx);
  let body: string | undefined;
  if (request.body !== undefined) {
    body = JSON.stringify(substituteDeep(request.body, ctx));
    headers['content-type'] ??= 'application/json';
  }
  try {
    const res = await fetch(url, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(30_000),
    });
    return { url, status: res.status, text: await res.text(), headers: res.headers };
  } catch (error) {
    throw new SuiteStepError({
      rule: 'connection',
      poll: 0,
      pointer: '',
      message: `${method} ${url}: cannot reach the server: ${describeFetchError(error)}`,
    });
  }
}

async function requestStep(
  step: StepSpec,
  name: string,
  vendor: Vendor,
  ctx: StepContext,
): Promise<CaseResult> {
  const started = performance.now();
  const request = step.request as RequestSpec;
  const res = await send(request, ctx);
  const violations: Violation[] = [];
  const method = request.method ?? 'GET';
  if (!statusOk(step.expect?.status, res.status)) {
    violations.push({
      rule: 'http-status',
      poll: 0,
      pointer: '',
      message: `${method} ${res.url} answered ${res.status}, expected ${JSON.stringify(step.expect?.status ?? '2xx')}: ${res.text.slice(0, 200)}`,
      current: res.status,
    });
  }
  let body: unknown;
  if (res.text.trim() !== '') {
    try {
      body = JSON.parse(res.text);
    } catch {
      if (step.capture || step.expect?.schema) {
        violations.push({
          rule: 'json-body',
          poll: 0,
          pointer: '',
          message: `${method} ${res.url} answered non-JSON: ${JSON.stringify(res.text.slice(0, 120))}`,
        });
      }
    }
  }
  if (body !== undefined && step.expect?.schema) {
    for (const issue of vendor.validate(body, step.expect.schema).issues) {
      violations.push({
        rule: 'schema',
        poll: 0,
        pointer: issue.pointer,
        message: `${step.expect.schema}: ${issue.message}`,
        current: issue.received,
      });
    }
  }
  for (const [variable, where] of Object.entries(step.capture ?? {})) {
    const value = where.startsWith('header:')
      ? res.headers.get(where.slice(7))
      : body === undefined
        ? undefined
        : getAt(body, where);
    if (value === undefined || value === null || (typeof value !== 'string' && typeof value !== 'number')) {
      violations.push({
        rule: 'capture',
        poll: 0,
        pointer: where.startsWith('header:') ? '' : where,
        message: `nothing to capture as "${variable}" at ${where} in the answer of ${method} ${res.url}`,
      });
    } else {
      ctx.vars[variable] = String(value);
    }
  }
  return {
    name,
    vendor: vendor.name,
    ok: violations.length === 0,
    violations,
    polls: 0,
    durationMs: performance.now() - started,
    states: [],
    notes: [],
  };
}

async function pollStep(
  step: StepSpec,
  name: string,
  vendor: Vendor,
  ctx: StepContext & {
    createdHere: boolean;
    onPoll?: RunSuiteOptions['onPoll'];
    intervalMs?: number | undefined;
  },
): Promise<CaseResult> {
  const poll = step.poll as NonNullable<StepSpec['poll']>;
  const url = resolveUrl(poll.path, ctx);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...ctx.headers, ...(poll.headers ?? {}) }))
    headers[k] = substitute(v, ctx);
  let cancelled = false;
  const result = await pollJob({
    vendor,
    url,
    headers,
    name,
    ...(ctx.intervalMs !== undefined
      ? { intervalMs: ctx.intervalMs }
      : poll.intervalMs === undefined
        ? {}
        : { intervalMs: poll.intervalMs }),
    ...(poll.timeoutMs === undefined ? {} : { timeoutMs: poll.timeoutMs }),
    ...(ctx.onPoll ? { onPoll: (e: PollEvent) => ctx.onPoll?.({ ...e, step: step.name }) } : {}),
    beforePoll: async (n) => {
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
    },
  });
  const expect = poll.expect;
  if (expect) {
    const last = result.states[result.states.length - 1];
    const kind = last === undefined ? undefined : vendor.lifecycle.status.states[last]?.terminal;
    const wanted = expect.terminal;
    const reached =
      wanted === undefined ||
      (kind !== undefined &&
        (wanted === 'any' || (Array.isArray(wanted) ? wanted.includes(last as string) : wanted === kind)));
    if (!reached) {
      result.violations.push({
        rule: 'expected-end',
        poll: result.polls,
        pointer: vendor.statusField,
        message: `expected the job to end ${Array.isArray(wanted) ? `in ${wanted.join(' or ')}` : `with ${wanted}`}, but it ${kind ? `ended in "${last}" (${kind})` : `is still "${last ?? 'unknown'}"`}`,
        current: last,
      });
    }
    if (expect.minPolls !== undefined && result.polls < expect.minPolls) {
      result.violations.push({
        rule: 'expected-end',
        poll: result.polls,
        pointer: '',
        message: `expected at least ${expect.minPolls} polls before the end, got ${result.polls}`,
      });
    }
    if (expect.maxDurationMs !== undefined && result.durationMs > expect.maxDurationMs) {
      result.violations.push({
        rule: 'expected-end',
        poll: result.polls,
        pointer: '',
        message: `took ${Math.round(result.durationMs)} ms, more than ${expect.maxDurationMs} ms`,
      });
    }
  }
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
