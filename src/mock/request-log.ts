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
 * A status GET answered on the fast path, as it was written down: its slot in the ring is reused
 * by the next fast answer, so logging one costs a few field writes and no allocation. `read`
 * turns it into a record when someone reads the log (the vendor, job and state it names).
 */
export interface FastEntry {
  readonly fast: true;
  path: string;
  status: number;
  time: number;
  wallTime: number;
  latencyMs: number;
  /** The answer's Retry-After, as sent. */
  retryAfter: string | undefined;
  read: (entry: FastEntry) => RequestRecord;
}

type Slot = RequestRecord | (() => RequestRecord) | FastEntry | undefined;

const isFast = (slot: Slot): slot is FastEntry =>
  typeof slot === 'object' && (slot as Partial<FastEntry>).fast === true;

/**
 * The last `limit` requests the mock answered, oldest first. Owned by one mock state; a ring of
 * fixed size, so a long-running mock holds a bounded amount. An entry may be given as a thunk or
 * a fast entry: what a status GET names is then read only when someone reads the log, which keeps
 * the fast path's cost at a few field writes per request.
 */
export class RequestLog {
  private readonly ring: Slot[];
  private next = 0;
  private size = 0;

  constructor(readonly limit: number) {
    this.ring = new Array(Math.max(0, limit));
  }

  get enabled(): boolean {
    return this.limit > 0;
  }

  add(entry: RequestRecord | (() => RequestRecord)): void {
    if (this.limit <= 0) return;
    this.ring[this.next] = entry;
    this.advance();
  }

  /** Keeps a fast-path status GET, in the slot it overwrites when that one was a fast entry too. */
  addFast(
    path: string,
    status: number,
    time: number,
    wallTime: number,
    latencyMs: number,
    retryAfter: string | undefined,
    read: FastEntry['read'],
  ): void {
    if (this.limit <= 0) return;
    const slot = this.ring[this.next];
    if (isFast(slot)) {
      slot.path = path;
      slot.status = status;
      slot.time = time;
      slot.wallTime = wallTime;
      slot.latencyMs = latencyMs;
      slot.retryAfter = retryAfter;
      slot.read = read;
    } else {
      this.ring[this.next] = { fast: true, path, status, time, wallTime, latencyMs, retryAfter, read };
    }
    this.advance();
  }

  private advance(): void {
    this.next = (this.next + 1) % this.limit;
    if (this.size < this.limit) this.size++;
  }

  /** A copy of the entries as tests read them (clock times only), oldest first. */
  entries(): LoggedRequest[] {
    return this.all().map(({ wallTime: _w, latencyMs: _l, fault: _f, ...e }) => e);
  }

  /** A copy of the full records, oldest first (the admin API's `GET /__jobkit/requests`). */
  records(): RequestRecord[] {
    return this.all().map((e) => ({ ...e, ...(e.fault ? { fault: { ...e.fault } } : {}) }));
  }

  clear(): void {
    this.ring.fill(undefined);
    this.next = 0;
    this.size = 0;
  }

  private all(): RequestRecord[] {
    const out: RequestRecord[] = [];
    const first = (this.next - this.size + this.limit) % this.limit;
    for (let i = 0; i < this.size; i++) {
      const at = (first + i) % this.limit;
      const slot = this.ring[at];
      let entry: RequestRecord | undefined;
      if (typeof slot === 'function') entry = slot();
      else if (isFast(slot)) entry = slot.read(slot);
      else entry = slot;
      // Read once: later reads see the same record, whatever the job does next.
      if (entry !== slot) this.ring[at] = entry;
      if (entry) out.push(entry);
    }
    return out;
  }
}
