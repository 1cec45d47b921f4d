/** Time for the mock, in ms since the epoch. Lifecycle code takes a Clock, never reads Date.now(). */
export interface Clock {
  now(): number;
  /** Moves a manual clock forward; on a real clock, shifts it (useful to skip ahead). */
  advance(ms: number): void;
  readonly kind: 'real' | 'manual';
  readonly speed: number;
  /** A real clock that stands still until resumed (a manual clock always does). */
  readonly paused?: boolean;
  /** A real clock's controls (the control panel's); a manual clock has none. */
  setSpeed?(speed: number): void;
  pause?(): void;
  resume?(): void;
}

/** Real time, optionally sped up: `speed` 50 runs a two-minute lifecycle in under three seconds. */
export function createRealClock(options: { speed?: number; now?: () => number } = {}): Clock {
  const realNow = options.now ?? Date.now;
  let speed = options.speed ?? 1;
  let paused = false;
  // The clock's time at `since` (real ms); a change of speed or a pause starts a new segment.
  let since = realNow();
  let base = since;
  const now = () => base + (paused ? 0 : (realNow() - since) * speed);
  const segment = (change: () => void) => {
    base = now();
    since = realNow();
    change();
  };
  return {
    kind: 'real',
    get speed() {
      return speed;
    },
    get paused() {
      return paused;
    },
    now,
    advance(ms) {
      base += ms;
    },
    setSpeed: (next) => segment(() => (speed = next)),
    pause: () => segment(() => (paused = true)),
    resume: () => segment(() => (paused = false)),
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
