import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateWindows } from '../../../src/mock/rate-limit/window.js';
import '../../helpers/fast-check.js';

/**
 * The window counter against a model written the plainest way: every request a key ever sent,
 * kept with its time, and a window that opens at the first request after the previous one ended.
 */
class Model {
  private readonly opened = new Map<string, { start: number; taken: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(key: string, now: number) {
    let w = this.opened.get(key);
    if (!w || now >= w.start + this.windowMs) {
      w = { start: now, taken: 0 };
      this.opened.set(key, w);
    }
    const endsAt = w.start + this.windowMs;
    if (w.taken === this.limit) return { allowed: false, limit: this.limit, remaining: 0, endsAt };
    w.taken += 1;
    return { allowed: true, limit: this.limit, remaining: this.limit - w.taken, endsAt };
  }
}

const stepArb = fc.record({
  key: fc.constantFrom('a', 'b', 'c'),
  // Mostly small steps (requests inside one window), now and then one past its end.
  advanceMs: fc.oneof({ weight: 4, arbitrary: fc.nat(50) }, { weight: 1, arbitrary: fc.nat(3000) }),
});

describe('RateWindows', () => {
  it('tells each request what the model does: allowed, remaining, the window end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(stepArb, { minLength: 1, maxLength: 80 }),
        (limit, windowMs, steps) => {
          const windows = new RateWindows({ limit, windowMs });
          const model = new Model(limit, windowMs);
          let now = 1_000_000;
          for (const { key, advanceMs } of steps) {
            now += advanceMs;
            expect(windows.take(key, now)).toEqual(model.take(key, now));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds at most maxKeys windows, dropping ended ones first, and keeps counting the held ones', () => {
    const windows = new RateWindows({ limit: 2, windowMs: 100, maxKeys: 3 });
    windows.take('old', 0);
    windows.take('a', 150);
    windows.take('b', 150);
    expect(windows.size).toBe(3);
    // "old" has ended: it goes, and the others keep their counts.
    windows.take('c', 150);
    expect(windows.size).toBe(3);
    expect(windows.take('a', 160)).toMatchObject({ allowed: true, remaining: 0 });
    expect(windows.take('a', 170)).toMatchObject({ allowed: false, remaining: 0, endsAt: 250 });
    // None has ended: the oldest opened goes.
    windows.take('d', 170);
    expect(windows.size).toBe(3);
    expect(windows.take('a', 180)).toMatchObject({ allowed: true, remaining: 1, endsAt: 280 });
  });
});
