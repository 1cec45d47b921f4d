/** When a rule sends: on every state a job enters (`state`), or only when it ends (`end`). */
export type WebhookTrigger = 'state' | 'end';

/** One webhook: where to POST which jobs' events, and the secret that signs them. */
export interface WebhookRule {
  url: string;
  /** HMAC-SHA256 key of the X-Jobkit-Signature header. */
  secret: string;
  /** Only this vendor's jobs (default: every served vendor's). */
  vendor?: string;
  /** Default both: every state change, the end included. */
  on?: WebhookTrigger[];
  /** Attempts after the first when the receiver fails (non-2xx or no answer; default 3). */
  retries?: number;
}

/** The JSON body a webhook POSTs. */
export interface WebhookEvent {
  /** Also the X-Jobkit-Delivery header: the same for every attempt, so a receiver can dedupe. */
  id: string;
  type: 'job.state' | 'job.ended';
  /** When the job entered this state (not when the mock looked), as its bodies show time. */
  at: string;
  vendor: string;
  job: string;
  scenario: string;
  state: string;
  /** The state the job left for this one; null in the first event of a job. */
  previous: string | null;
  terminal: string | null;
  /** The job's status body at that moment (`at`). */
  body: Record<string, unknown>;
}

/** One delivery, as the webhook log keeps it. */
export interface WebhookDelivery {
  id: string;
  url: string;
  type: WebhookEvent['type'];
  vendor: string;
  job: string;
  state: string;
  /** Attempts made (1 when the first one was answered 2xx). */
  attempts: number;
  ok: boolean;
  /** The last answer's status; absent when none came. */
  status?: number;
  /** Why the last attempt failed, when it did. */
  error?: string;
}
