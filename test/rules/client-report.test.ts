import { describe, expect, it } from 'vitest';
import { type ClientPoll, clientReport, retryAfterMs } from '../../src/rules/client-report.js';

const poll = (startedMs: number, extra: Partial<ClientPoll> = {}): ClientPoll => ({
  job: '/jobs/a',
  startedMs,
  endedMs: startedMs + 10,
  status: 200,
  terminal: false,
  ...extra,
});

describe('clientReport', () => {
  it('a patient client: interval stats, back-off seen, no finding', () => {
    const report = clientReport([
      poll(0),
      poll(1000),
      poll(2000),
      poll(4000),
      poll(8000, { terminal: true }),
    ]);
    expect(report.ok).toBe(true);
    expect(report.jobs[0]).toMatchObject({
      polls: 5,
      intervalMs: { minMs: 1000, medianMs: 1500, maxMs: 4000 },
      backedOff: true,
      pollsAfterTerminal: 0,
      concurrentPolls: 0,
    });
  });

  it('each rule at its threshold: interval, Retry-After (with tolerance), after terminal', () => {
    const polls = [
      poll(0),
      poll(499),
      poll(1000, { retryAfterMs: 2000 }),
      poll(2960), // waited 1950 of 2000 ms: within the 50 ms tolerance
      poll(3500, { retryAfterMs: 2000 }),
      poll(4000, { terminal: true }),
      poll(5000),
    ];
    const report = clientReport(polls, { minIntervalMs: 500 });
    expect(report.findings.map((f) => [f.rule, f.poll, f.count])).toEqual([
      ['client-polls-after-terminal', 7, 1],
      ['client-ignores-retry-after', 6, 1],
      ['client-interval-too-short', 2, 1],
    ]);
    expect(report.jobs[0]?.retryAfter).toEqual({ asked: 2, ignored: 1 });
    expect(clientReport(polls, { minIntervalMs: 400 }).findings.map((f) => f.rule)).not.toContain(
      'client-interval-too-short',
    );
  });

  it('counts concurrent polls of one job and keeps jobs apart', () => {
    const report = clientReport([
      poll(0, { endedMs: 500 }),
      poll(100, { endedMs: 200 }),
      poll(0, { job: '/jobs/b' }),
    ]);
    expect(report.jobs.map((j) => [j.job, j.concurrentPolls])).toEqual([
      ['/jobs/a', 1],
      ['/jobs/b', 0],
    ]);
  });

  it('without times: counts only, and says so', () => {
    const report = clientReport([
      { job: 'x', status: 200, terminal: true },
      { job: 'x', status: 200, terminal: true },
    ]);
    expect(report.timed).toBe(false);
    expect(report.jobs[0]?.intervalMs).toBeUndefined();
    expect(report.findings.map((f) => f.rule)).toEqual(['client-polls-after-terminal']);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates; a past date or negative asks for no wait; junk is ignored', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('-5', now)).toBe(0);
    expect(retryAfterMs(new Date(now + 10_000).toUTCString(), now)).toBe(10_000);
    expect(retryAfterMs(new Date(now - 10_000).toUTCString(), now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});
