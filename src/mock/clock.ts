/** Time for the mock, in ms since the epoch. Lifecycle code takes a Clock, never reads Date.now(). */
export interface Clock {
  now(): number;
  /** Moves a manual clock forward; on a real clock, shifts it (useful to skip ahead). */
  advance(ms: number): void;
  readonly kind: 'real' | 'manual';
  readonly speed: number;
  /**
   * A moment of this clock as wall-clock time: `--timestamps wall` shows bodies these. Durations
   * shrink by the speed and the clock's own now maps to the real now, so nothing already
   * happened is shown in the future. Absent: the moment itself (a manual clock).
   */
  wall?(ms: number): number;
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
    // The inverse of now(): a skip ahead (offset) is time that passed, so it makes the past older.
    wall: (ms) => origin + (ms - origin - offset) / speed,
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
