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

/**
 * The last `limit` requests the mock answered, oldest first. Owned by one mock state; the log
 * drops its oldest entries as new ones come, so a long-running mock holds a bounded amount.
 */
export class RequestLog {
  private readonly items: LoggedRequest[] = [];

  constructor(readonly limit: number) {}

  get enabled(): boolean {
    return this.limit > 0;
  }

  add(entry: LoggedRequest): void {
    if (this.limit <= 0) return;
    this.items.push(entry);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
  }

  /** A copy of the entries, oldest first. */
  entries(): LoggedRequest[] {
    return this.items.map((e) => ({ ...e }));
  }

  clear(): void {
    this.items.length = 0;
  }
}
