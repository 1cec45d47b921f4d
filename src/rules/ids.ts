/** A broken rule, as data: which rule, at which poll and pointer, and the values involved. */
export interface Violation {
  rule: RuleId;
  /** 1-based number of the poll (body) where it was seen; 0 for whole-sequence rules. */
  poll: number;
  pointer: string;
  message: string;
  previous?: unknown;
  current?: unknown;
}

/** Stable rule ids, used by reports and docs. */
export const RULES = {
  schema: 'Every body matches the vendor schema',
  'status-known': 'The status is one of the vendor’s states',
  'transition-legal':
    'Each status change follows the legal transitions (states between polls may be missed, never reversed)',
  'terminal-final': 'A terminal status never changes',
  'id-constant': 'The job id never changes',
  'created-constant': 'Creation timestamps never change',
  'finished-when-terminal':
    'The finished timestamp is set exactly when the status is terminal (with documented exceptions)',
  'finished-constant': 'The finished timestamp never changes once set',
  'time-order': 'created ≤ started ≤ finished',
  'state-time':
    'A per-state time is unset until the job can have entered its state, and never changes once set',
  monotonic: 'Counters and progress never decrease',
  'progress-range': 'Progress stays within 0 and its scale (100, or 1 for a fraction)',
  'totals-consistent': 'Parts never exceed their total (completed + failed ≤ total, …)',
  'total-stable': 'Totals never change once known',
  'derived-duration': 'Durations equal finished − started',
  'success-without-failed-pieces': 'A successful job has no failed pieces',
  'terminal-timeout': 'The job reaches a terminal status within the timeout',
  'expected-end': 'The job ends as the suite expects (terminal state, polls, duration)',
  capture: 'The values a suite captures are in the response',
  'http-status': 'The status endpoint answers 200',
  'json-body': 'The body is JSON',
  connection: 'The server can be reached',
  'started-constant': 'The start timestamp never changes once set',
  'error-when-failed':
    'A failed body carries its error, where the vendor declares one for failures (validate --strict)',
  'id-matches-request': 'The body is the requested job’s (its id is the id in the URL)',
  'body-too-large': 'A body fits within the size cap (8 MiB unless set)',
  'client-polls-after-terminal': 'A client stops polling a job once its status is terminal',
  'client-ignores-retry-after': 'A client waits as long as Retry-After asks before polling again',
  'client-interval-too-short': 'A client polls no more often than the minimum interval',
} as const;
export type RuleId = keyof typeof RULES;

export interface Observation {
  poll: number;
  body: unknown;
}
