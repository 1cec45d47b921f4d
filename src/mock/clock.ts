/** Time for the mock, in ms since the epoch. Lifecycle code takes a Clock, never reads Date.now(). */
export interface Clock {
  now(): number;
  /** Moves a manual clock forward; on a real clock, shifts it (useful to skip ahead). */
  advance(ms: number): void;
  readonly kind: 'real' | 'manual';
  readonly speed: number;
}

/** Real time, optionally sped up: `speed` 50 runs a two-minute lifecycle in under three seconds. */
export function createRealClock(options: { speed?: number; now?: () => number } = {}): Clock {
  const realNow = options.now ?? Date.now;
  const speed = options.speed ?? 1;
  const origin = realNow();
  let offset = 0;
  return {
    kind: 'real',
    speed,
    now: () => origin + (realNow() - origin) * speed + offset,
    advance(ms) {
      offset += ms;
    },
  };
}

/** A clock that only moves when told to: deterministic tests and screenshots. */
export function createManualClock(start = Date.UTC(2026, 0, 1)): Clock {
  let t = start;
  return {
    kind: 'manual',
    speed: 0,
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}
