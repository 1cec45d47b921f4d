import { describe, expect, it } from 'vitest';
import { createManualClock, createRealClock } from '../../src/mock/clock.js';

describe('createRealClock', () => {
  const fake = (start = 1_000_000) => {
    let t = start;
    return { now: () => t, tick: (ms: number) => (t += ms) };
  };

  it('runs `speed` times real time, and keeps its time across a change of speed', () => {
    const real = fake();
    const clock = createRealClock({ speed: 10, now: real.now });
    const t0 = clock.now();
    real.tick(100);
    expect(clock.now()).toBe(t0 + 1000);
    clock.setSpeed?.(2);
    expect(clock.speed).toBe(2);
    expect(clock.now()).toBe(t0 + 1000);
    real.tick(100);
    expect(clock.now()).toBe(t0 + 1200);
  });

  it('stands still while paused, still moves by advance, and goes on from there when resumed', () => {
    const real = fake();
    const clock = createRealClock({ speed: 3, now: real.now });
    const t0 = clock.now();
    clock.pause?.();
    expect(clock.paused).toBe(true);
    real.tick(500);
    expect(clock.now()).toBe(t0);
    clock.advance(60_000);
    expect(clock.now()).toBe(t0 + 60_000);
    clock.resume?.();
    expect(clock.paused).toBe(false);
    real.tick(10);
    expect(clock.now()).toBe(t0 + 60_030);
  });

  it('a manual clock has no pace controls', () => {
    const clock = createManualClock();
    expect(clock.paused).toBeUndefined();
    expect(clock.setSpeed).toBeUndefined();
    expect(clock.pause).toBeUndefined();
  });
});
