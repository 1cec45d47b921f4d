import { hashSeed } from './random.js';

/** A time format: clock ms (and the job's seed, for stable sub-ms digits) → what the vendor sends. */
export type TimeFormat = (ms: number, seed: number) => unknown;

/** Time formats vendors send, registered by name (a field's `format`). */
export const TIME_FORMATS: Readonly<Record<string, TimeFormat>> = {
  iso: (ms) => new Date(ms).toISOString(),
  'iso-seconds': (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  // Django REST framework: microseconds. Sub-millisecond digits are seeded, so they stay put between polls.
  'iso-micro': (ms, seed) =>
    new Date(ms).toISOString().replace(/Z$/, `${String(hashSeed(seed, ms) % 1000).padStart(3, '0')}Z`),
  'unix-s': (ms) => Math.floor(ms / 1000),
  'unix-ms': (ms) => Math.floor(ms),
};

export function timeFormat(name = 'iso'): TimeFormat {
  return (Object.hasOwn(TIME_FORMATS, name) ? TIME_FORMATS[name] : TIME_FORMATS.iso) as TimeFormat;
}

/** Reads a sent time back as clock ms (the checker's side of the same formats). */
export function readTime(value: unknown, format: string | undefined): number | undefined {
  if (typeof value === 'number') return format === 'unix-s' ? value * 1000 : value;
  if (typeof value === 'string' && !GO_ZERO.test(value)) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/** Go's zero time.Time, which Go APIs send for "not set". */
export const GO_ZERO = /^0001-01-01T00:00:00(\.0+)?Z$/;
