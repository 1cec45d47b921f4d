import { beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import type { LoggedRequest } from '../../src/mock/request-log.js';
import { createMockState } from '../../src/mock/state.js';
import { createRegistry } from '../../src/vendors/registry.js';
// Registers the matchers, as a setup file importing jobkit/vitest does.
import '../../src/vitest/index.js';

/** Bodies from the mock's own engine: one Pinpoint job at its start and after it finished. */
let first: Record<string, unknown>;
let last: Record<string, unknown>;
beforeAll(() => {
  const clock = createManualClock();
  const state = createMockState({ registry: createRegistry(), vendors: ['pinpoint'], clock });
  const job = state.createJob({ vendor: 'pinpoint', scenario: 'happy' });
  const engine = state.vendorOf('pinpoint');
  first = engine.body(job, clock.now());
  clock.advance(10 * 60_000);
  last = engine.body(job, clock.now());
});

describe('toMatchJobSchema', () => {
  it('passes a body the engine made, strict too', () => {
    expect(first).toMatchJobSchema('pinpoint');
    expect(last).toMatchJobSchema('pinpoint', { strict: true });
  });

  it('fails a body off the schema, naming the pointer, the keyword and the value', () => {
    expect(() => expect({ ...first, JobStatus: 'RUNNING' }).toMatchJobSchema('pinpoint')).toThrowError(
      /expected the body to match pinpoint's ExportJobResponse schema; 1 issue\(s\):\n {2}\/JobStatus {2}\[enum\] {2}must be one of CREATED, .*; got "RUNNING"/,
    );
  });

  it('strict fails what the lifecycle requires of the state, naming the rule', () => {
    const unfinished = { ...last, CompletionDate: undefined };
    expect(unfinished).toMatchJobSchema('pinpoint');
    expect(() => expect(unfinished).toMatchJobSchema('pinpoint', { strict: true })).toThrowError(
      '/CompletionDate  [finished-when-terminal]  status "COMPLETED" is terminal',
    );
  });

  it('.not says the body matches', () => {
    expect({ JobStatus: 'RUNNING' }).not.toMatchJobSchema('pinpoint');
    expect(() => expect(first).not.toMatchJobSchema('pinpoint')).toThrowError(
      "expected the body not to match pinpoint's ExportJobResponse schema, but it does",
    );
  });

  it('an unknown vendor throws, naming the known ones', () => {
    expect(() => expect(first).toMatchJobSchema('pinpiont')).toThrowError(/Did you mean "pinpoint"/);
  });
});

describe('toFollowJobLifecycle', () => {
  it('passes a job polled in order', () => {
    expect([first, last]).toFollowJobLifecycle('pinpoint');
  });

  it('fails a job that leaves its terminal state, with the poll, pointer, rule, previous and current', () => {
    expect(() => expect([first, last, first]).toFollowJobLifecycle('pinpoint')).toThrowError(
      '  poll 3  /JobStatus  [terminal-final]  left the terminal state "COMPLETED" for "CREATED" (previous "COMPLETED", current "CREATED")',
    );
    expect(() => expect([first, last, first]).toFollowJobLifecycle('pinpoint')).toThrowError(
      '/TotalProcessed  [monotonic]  went down from',
    );
  });

  it('fails what is not an array of bodies', () => {
    expect(() => expect(first).toFollowJobLifecycle('pinpoint')).toThrowError('expected an array of bodies');
  });
});

describe('toPollPolitely', () => {
  const poll = (time: number, state: string, extra: Partial<LoggedRequest> = {}): LoggedRequest => ({
    method: 'GET',
    path: '/v1/apps/a/jobs/export/j1',
    status: 200,
    time,
    vendor: 'pinpoint',
    job: 'j1',
    state,
    terminal: state === 'COMPLETED',
    ...extra,
  });

  it('passes polls a second apart that stop at the terminal status; ignores other requests', () => {
    const log = [
      poll(0, 'CREATED'),
      { method: 'POST', path: '/v1/apps/a/jobs/export', status: 202, time: 10 },
      poll(1000, 'PROCESSING'),
      poll(2000, 'COMPLETED'),
    ];
    expect(log).toPollPolitely();
    expect({ requests: () => log }).toPollPolitely();
  });

  it('fails polls after a terminal status, too close, and sooner than Retry-After', () => {
    const log = [
      poll(0, 'CREATED', { retryAfter: '5' }),
      poll(1000, 'PROCESSING'),
      poll(1100, 'COMPLETED'),
      poll(5000, 'COMPLETED'),
    ];
    const check = () => expect(log).toPollPolitely();
    expect(check).toThrowError('3 finding(s) over 1 job(s)');
    expect(check).toThrowError('pinpoint j1  poll 4  [client-polls-after-terminal]');
    expect(check).toThrowError(
      'pinpoint j1  poll 2  [client-ignores-retry-after]  polled sooner than Retry-After',
    );
    expect(check).toThrowError('pinpoint j1  poll 3  [client-interval-too-short]');
  });

  it('takes the thresholds', () => {
    const log = [poll(0, 'CREATED'), poll(200, 'COMPLETED')];
    expect(log).not.toPollPolitely();
    expect(log).toPollPolitely({ minIntervalMs: 100 });
  });

  it('fails what is no request log', () => {
    expect(() => expect(42).toPollPolitely()).toThrowError('expected a request log');
  });
});
