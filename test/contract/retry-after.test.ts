import { describe, expect, it } from 'vitest';
import { planRetry } from '../../src/contract/retry-after.js';

const NOW = Date.UTC(2026, 2, 1, 10);

describe('Retry-After: at least the poll interval, at most the time left', () => {
  it.each([
    ['0', 500, false],
    ['-1', 500, false],
    ['0.5', 500, false],
    ['2', 2000, false],
    ['garbage', 500, false],
    [new Date(NOW - 60_000).toUTCString(), 500, false],
    [new Date(NOW + 3000).toUTCString(), 3000, false],
    ['999999', 12_000, true],
  ])('%s → waits %d ms (ends the run: %s)', (header, waitMs, exhausts) => {
    const plan = planRetry(503, header, 500, 12_000, NOW);
    expect(plan).toMatchObject({ waitMs, exhausts });
  });
  it('says what was asked and what it did', () => {
    expect(planRetry(429, '999999', 500, 12_000, NOW).note).toBe(
      'answered 429; Retry-After: 999999 s asked; waited 12,000 ms, the time left',
    );
    expect(planRetry(503, null, 15, 12_000, NOW).note).toBe(
      'answered 503; waited 15 ms (Retry-After) and polled again',
    );
  });
});
