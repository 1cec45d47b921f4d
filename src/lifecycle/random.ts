/** Seeded randomness: the same --seed gives the same jobs, ids and fixtures. */
export type Random = () => number;

/** mulberry32: tiny, fast, good enough for fixtures (not for secrets). */
export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts, for deriving per-job seeds from the server seed. */
export function hashSeed(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = String(part);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x2f;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function between(random: Random, range: number | readonly [number, number]): number {
  if (typeof range === 'number') return range;
  const [lo, hi] = range;
  return lo + random() * (hi - lo);
}

export function intBetween(random: Random, range: number | readonly [number, number]): number {
  if (typeof range === 'number') return Math.round(range);
  return Math.floor(between(random, [range[0], range[1] + 1 - 1e-9]));
}

const HEX = '0123456789abcdef';
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
const DIGITS = '0123456789';

// Ids live as long as their jobs: they are built with join(), which makes one flat string,
// where `+=` in a loop would leave a chain of cons strings (about 20 bytes per character).
function chars(random: Random, alphabet: string, n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = alphabet[Math.floor(random() * alphabet.length)] as string;
  return out;
}

function pick(random: Random, alphabet: string, n: number): string {
  return chars(random, alphabet, n).join('');
}

export function uuid(random: Random): string {
  const h = chars(random, HEX, 32);
  h[12] = '4';
  h[16] = HEX[(Number.parseInt(h[16] as string, 16) & 0x3) | 0x8] as string;
  h.splice(20, 0, '-');
  h.splice(16, 0, '-');
  h.splice(12, 0, '-');
  h.splice(8, 0, '-');
  return h.join('');
}

/**
 * Fills an id template: {{uuid}}, {{hex:N}}, {{alnum:N}}, {{lower:N}}, {{digits:N}}, {{seq}}. Ids look
 * like the vendor's own (PostHog UUIDs, Pinpoint 32-hex, FullStory opaque base62 jobs and numeric
 * user ids, Dakera "imp-…").
 */
export function fillIdTemplate(template: string, random: Random, seq: number): string {
  if (!template.includes('{{')) return template;
  const filled = template.replace(
    /\{\{(uuid|seq|hex|alnum|lower|digits)(?::(\d+))?\}\}/g,
    (_m, kind: string, n?: string) => {
      const len = Number(n ?? 8);
      if (kind === 'uuid') return uuid(random);
      if (kind === 'seq') return String(seq);
      if (kind === 'hex') return pick(random, HEX, len);
      if (kind === 'lower') return pick(random, LOWER, len);
      // A leading 0 would make a number-like id that some clients parse and print differently.
      if (kind === 'digits')
        return len < 1 ? '' : pick(random, '123456789', 1) + pick(random, DIGITS, len - 1);
      return pick(random, ALNUM, len);
    },
  );
  // replace() can hand back its single part as is; join() makes sure the id is one flat string.
  return [filled].join('');
}

/** A Weaviate-like shard name: 12 characters drawn from the job's plan. */
export function shardName(random: () => number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 12; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}
