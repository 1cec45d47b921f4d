import { checkSequence } from '../contract/check-sequence.js';
import type { LoggedRequest } from '../mock/request-log.js';
import type { Violation } from '../rules/check.js';
import {
  type ClientPoll,
  type ClientReportOptions,
  clientReport,
  retryAfterMs,
} from '../rules/client-report.js';
import type { ValidationIssue } from '../schema/issues.js';
import { preview } from '../util/json.js';
import { bodyValidator } from '../validate/body.js';
import { defaultRegistry } from '../vendors/default.js';
import type { Vendor } from '../vendors/registry.js';

/** What a matcher answers: vitest's SyncExpectationResult, without importing vitest here. */
export interface MatchResult {
  pass: boolean;
  message: () => string;
}

export interface MatchJobSchemaOptions {
  /** Also what the lifecycle requires of a body in its state (see `validate`'s `strict`). */
  strict?: boolean;
}

/** Anything that holds a request log: the array itself, or a mock server with `requests()`. */
export type RequestSource =
  | readonly (LoggedRequest | ClientPoll)[]
  | { requests(): readonly (LoggedRequest | ClientPoll)[] };

const vendorOf = (vendor: string | Vendor): Vendor =>
  typeof vendor === 'string' ? defaultRegistry().get(vendor) : vendor;

const shown = (value: unknown) => (value === undefined ? '(nothing)' : preview(value));
const at = (pointer: string) => (pointer === '' ? '(the body)' : pointer);

function issueLine(issue: ValidationIssue): string {
  // The issue's message says what was received already ("…; got X").
  return `  ${at(issue.pointer)}  [${issue.rule ?? issue.keyword}]  ${issue.message}`;
}

/** `expect(body).toMatchJobSchema(vendor, { strict })`: one body against the vendor's status schema. */
export function matchJobSchema(
  body: unknown,
  vendor: string | Vendor,
  options: MatchJobSchemaOptions = {},
): MatchResult {
  const v = vendorOf(vendor);
  const result = bodyValidator(v, options.strict ? { strict: true } : {})(body);
  const what = `${v.name}'s ${v.root} schema${options.strict ? ' (strict)' : ''}`;
  return {
    pass: result.valid,
    message: () =>
      result.valid
        ? `expected the body not to match ${what}, but it does`
        : [
            `expected the body to match ${what}; ${result.issues.length} issue(s):`,
            ...result.issues.map(issueLine),
          ].join('\n'),
  };
}

function violationLine(v: Violation): string {
  const values: string[] = [];
  if (Object.hasOwn(v, 'previous')) values.push(`previous ${shown(v.previous)}`);
  if (Object.hasOwn(v, 'current')) values.push(`current ${shown(v.current)}`);
  const tail = values.length > 0 ? ` (${values.join(', ')})` : '';
  return `  poll ${v.poll}  ${at(v.pointer)}  [${v.rule}]  ${v.message}${tail}`;
}

/** `expect(bodies).toFollowJobLifecycle(vendor)`: one job's bodies, in poll order, against the lifecycle. */
export function followJobLifecycle(bodies: unknown, vendor: string | Vendor): MatchResult {
  if (!Array.isArray(bodies)) {
    return { pass: false, message: () => `expected an array of bodies, got ${shown(bodies)}` };
  }
  const v = vendorOf(vendor);
  const result = checkSequence(v, bodies, { label: 'bodies' });
  const states = result.states.join(' → ') || '(no status seen)';
  return {
    pass: result.ok,
    message: () =>
      result.ok
        ? `expected the bodies not to follow ${v.name}'s lifecycle, but they do (${states})`
        : [
            `expected the bodies to follow ${v.name}'s lifecycle (${states}); ${result.violations.length} violation(s):`,
            ...result.violations.map(violationLine),
            ...result.notes.map((n) => `  note: ${n}`),
          ].join('\n'),
  };
}

/** A logged request as the client report's poll: only status GETs of a job count. */
function pollOf(entry: LoggedRequest | ClientPoll): ClientPoll | undefined {
  if (!('method' in entry)) return entry;
  if (entry.method !== 'GET' || entry.job === undefined) return undefined;
  const poll: ClientPoll = {
    job: `${entry.vendor ?? ''} ${entry.job}`.trim(),
    startedMs: entry.time,
    endedMs: entry.time,
    status: entry.status,
    terminal: entry.terminal === true,
  };
  if (entry.state !== undefined) poll.state = entry.state;
  const after = retryAfterMs(entry.retryAfter, entry.time);
  if (after !== undefined) poll.retryAfterMs = after;
  return poll;
}

/**
 * `expect(requests).toPollPolitely(options)`: how a client polled, from the mock's request log
 * (times in the mock's clock): no polls after a terminal status, Retry-After honoured, no
 * interval under `minIntervalMs`.
 */
export function pollPolitely(source: unknown, options: ClientReportOptions = {}): MatchResult {
  const list =
    typeof source === 'object' && source !== null && 'requests' in source
      ? (source as { requests(): unknown }).requests()
      : source;
  if (!Array.isArray(list)) {
    return {
      pass: false,
      message: () => `expected a request log (an array, or a mock server), got ${shown(source)}`,
    };
  }
  const polls = (list as (LoggedRequest | ClientPoll)[]).flatMap((e) => pollOf(e) ?? []);
  const report = clientReport(polls, options);
  const jobs = report.jobs.length;
  return {
    pass: report.ok,
    message: () =>
      report.ok
        ? `expected the client not to poll politely, but its ${polls.length} poll(s) of ${jobs} job(s) broke no rule`
        : [
            `expected the client to poll politely; ${report.findings.length} finding(s) over ${jobs} job(s):`,
            ...report.findings.map((f) => `  ${f.job}  poll ${f.poll}  [${f.rule}]  ${f.message}`),
          ].join('\n'),
  };
}
