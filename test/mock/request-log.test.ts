import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FastEntry, RequestLog, type RequestRecord } from '../../src/mock/request-log.js';

type Op =
  | { kind: 'record'; path: string }
  | { kind: 'thunk'; path: string }
  | { kind: 'fast'; path: string; retryAfter: string | undefined }
  | { kind: 'read' }
  | { kind: 'clear' };

const path = fc.stringMatching(/^\/[a-z]{1,6}$/);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('record' as const), path }),
  fc.record({ kind: fc.constant('thunk' as const), path }),
  fc.record({
    kind: fc.constant('fast' as const),
    path,
    retryAfter: fc.option(fc.constantFrom('0', '2', '30'), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('read' as const) }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

const record = (p: string, time: number, retryAfter?: string): RequestRecord => ({
  method: 'GET',
  path: p,
  status: 200,
  time,
  wallTime: 0,
  latencyMs: 0,
  ...(retryAfter === undefined ? {} : { retryAfter }),
});

/** How a mock reads a fast entry back, reduced to what the log itself promises. */
const read: FastEntry['read'] = (e) => {
  const { retryAfter } = e;
  return {
    ...record(e.path, e.time, retryAfter),
    status: e.status,
    wallTime: e.wallTime,
    latencyMs: e.latencyMs,
  };
};

describe('the request log, against the last `limit` of a plain list', () => {
  it('keeps the last entries in order, whichever way each was added, and reuses no record it has given out', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.array(op, { maxLength: 60 }), (limit, ops) => {
        const log = new RequestLog(limit);
        let reference: { path: string; time: number; retryAfter?: string }[] = [];
        const given: RequestRecord[][] = [];
        ops.forEach((o, time) => {
          if (o.kind === 'clear') {
            log.clear();
            reference = [];
          } else if (o.kind === 'read') {
            const got = log.records();
            const want = limit === 0 ? [] : reference.slice(-limit);
            expect(got.map((r) => ({ path: r.path, time: r.time, retryAfter: r.retryAfter }))).toEqual(
              want.map((w) => ({ path: w.path, time: w.time, retryAfter: w.retryAfter })),
            );
            given.push(got);
          } else {
            if (o.kind === 'record') log.add(record(o.path, time));
            else if (o.kind === 'thunk') log.add(() => record(o.path, time));
            else log.addFast(o.path, 200, time, 0, 0.5, o.retryAfter, read);
            reference.push({
              path: o.path,
              time,
              ...(o.kind === 'fast' && o.retryAfter !== undefined ? { retryAfter: o.retryAfter } : {}),
            });
          }
        });
        // Records handed out earlier are copies: later writes into reused slots leave them alone.
        for (const batch of given) for (const r of batch) expect(r.method).toBe('GET');
        const snapshot = JSON.stringify(given);
        for (let i = 0; i < 2 * limit; i++) log.addFast('/later', 500, 9999, 0, 1, '9', read);
        expect(JSON.stringify(given)).toBe(snapshot);
      }),
      { numRuns: 300 },
    );
  });

  it('a fast entry is read once: a second read gives the same record, not a new reading', () => {
    const log = new RequestLog(3);
    let reads = 0;
    log.addFast('/a', 200, 1, 0, 0.1, undefined, (e) => {
      reads++;
      return record(e.path, e.time + reads);
    });
    expect(log.records()[0]?.time).toBe(2);
    expect(log.records()[0]?.time).toBe(2);
    expect(reads).toBe(1);
  });

  it('a disabled log (limit 0) keeps nothing', () => {
    const log = new RequestLog(0);
    log.add(record('/a', 1));
    log.addFast('/b', 200, 2, 0, 0, undefined, read);
    expect(log.enabled).toBe(false);
    expect(log.records()).toEqual([]);
  });
});
