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
  /** A real clock that stands still until resumed (a manual clock always does). */
  readonly paused?: boolean;
  /** A real clock's controls (the control panel's); a manual clock has none. */
  setSpeed?(speed: number): void;
  pause?(): void;
  resume?(): void;
}

/** From clock time `clock` (at real time `real`) the clock ran at `speed` (0 while paused). */
interface Segment {
  clock: number;
  real: number;
  speed: number;
}

const MAX_SEGMENTS = 10_000;

/** Real time, optionally sped up: `speed` 50 runs a two-minute lifecycle in under three seconds. */
export function createRealClock(options: { speed?: number; now?: () => number } = {}): Clock {
  const realNow = options.now ?? Date.now;
  let speed = options.speed ?? 1;
  let paused = false;
  let offset = 0;
  const t0 = realNow();
  // Every change of pace starts a segment of the clock's own running (skips aside): a moment's wall
  // time is read from the segment it fell in, so a pause or a new speed leaves shown times alone.
  const segments: Segment[] = [{ clock: t0, real: t0, speed }];
  const current = () => segments[segments.length - 1] as Segment;
  const run = () => {
    const s = current();
    return s.clock + (realNow() - s.real) * s.speed;
  };
  const begin = () => {
    segments.push({ clock: run(), real: realNow(), speed: paused ? 0 : speed });
    if (segments.length > MAX_SEGMENTS) segments.shift();
  };
  const wall = (ms: number) => {
    // A skip ahead (offset) is time that passed: it makes the past older, never the future nearer.
    const m = ms - offset;
    for (let i = segments.length - 1; i >= 0; i--) {
      const s = segments[i] as Segment;
      if (m < s.clock && i > 0) continue;
      const at = s.speed > 0 ? s.real + (m - s.clock) / s.speed : s.real;
      return Math.min(at, (segments[i + 1] as Segment | undefined)?.real ?? realNow());
    }
    return ms;
  };
  return {
    kind: 'real',
    get speed() {
      return speed;
    },
    get paused() {
      return paused;
    },
    now: () => run() + offset,
    advance(ms) {
      offset += ms;
    },
    wall,
    setSpeed(next) {
      begin();
      speed = next;
      current().speed = paused ? 0 : speed;
    },
    pause() {
      begin();
      paused = true;
      current().speed = 0;
    },
    resume() {
      begin();
      paused = false;
      current().speed = speed;
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
