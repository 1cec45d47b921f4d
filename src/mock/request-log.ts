/** One request the mock answered, as a test reads it back. */
export interface LoggedRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  status: number;
  /** When it arrived, in the mock's clock ms (a manual clock's time in a test). */
  time: number;
  /** The vendor and job a status path names; absent for other routes. */
  vendor?: string;
  job?: string;
  /** The job's status in the answer (a status GET of a known job). */
  state?: string;
  /** That status is terminal for the vendor. */
  terminal?: boolean;
  /** The answer's Retry-After header, as sent. */
  retryAfter?: string;
}

/** What an injected fault did to one request: its latency, and the fault whose outcome it got. */
export interface AppliedFault {
  /** The fault whose error or transport fault answered, when one did. */
  id?: string;
  /** That outcome: `status 503`, `connection_reset`, … */
  outcome?: string;
  /** Latency added by the faults in scope. */
  delayMs?: number;
}

/** A logged request with what a person reading the admin API wants besides: wall time, latency, fault. */
export interface RequestRecord extends LoggedRequest {
  /** When it arrived, ms since the epoch on the wall clock (what a polling client's pace is judged by). */
  wallTime: number;
  /** How long the answer took, in wall ms. */
  latencyMs: number;
  fault?: AppliedFault;
}

/**
 * The last `limit` requests the mock answered, oldest first. Owned by one mock state; the log
 * drops its oldest entries as new ones come, so a long-running mock holds a bounded amount.
 */
export class RequestLog {
  private readonly items: RequestRecord[] = [];

  constructor(readonly limit: number) {}

  get enabled(): boolean {
    return this.limit > 0;
  }

  add(entry: RequestRecord): void {
    if (this.limit <= 0) return;
    this.items.push(entry);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
  }

  /** A copy of the entries as tests read them (clock times only), oldest first. */
  entries(): LoggedRequest[] {
    return this.items.map(({ wallTime: _w, latencyMs: _l, fault: _f, ...e }) => e);
  }

  /** A copy of the full records, oldest first (the admin API's `GET /__jobkit/requests`). */
  records(): RequestRecord[] {
    return this.items.map((e) => ({ ...e, ...(e.fault ? { fault: { ...e.fault } } : {}) }));
  }

  clear(): void {
    this.items.length = 0;
  }
}
