const fmt = (ms: number) => `${Math.round(ms).toLocaleString('en-US')} ms`;

export interface RetryPlan {
  /** How long to wait before polling again. */
  waitMs: number;
  /** The wait uses up the time left: after it, the run ends (timeout). */
  exhausts: boolean;
  /** The note that says what was asked and what was done. */
  note: string;
}

/**
 * What to do with a 429 or 503: wait what `Retry-After` asks, but never less than the poll
 * interval (a server saying 0, a past date or garbage must not make the runner hammer it) and
 * never past the time left (the timeout is an upper bound for the whole run).
 */
export function planRetry(
  status: number,
  header: string | null,
  intervalMs: number,
  leftMs: number,
  now = Date.now(),
): RetryPlan {
  const left = Math.max(0, leftMs);
  const floor = Math.max(0, intervalMs);
  const value = header?.trim() ?? '';
  const asked = value === '' ? undefined : parseRetryAfter(value, now);
  const wanted = asked?.kind === 'invalid' || asked === undefined ? floor : Math.max(floor, asked.ms);
  const said = asked === undefined ? '' : `${describe(value, asked)}; `;
  if (wanted >= left) {
    return {
      waitMs: left,
      exhausts: true,
      note: `answered ${status}; ${said}waited ${fmt(left)}, the time left`,
    };
  }
  let done: string;
  if (asked === undefined) done = `waited ${wanted} ms (Retry-After)`;
  else if (asked.kind !== 'invalid' && asked.ms >= floor) done = `waited ${fmt(wanted)} as asked`;
  else done = `waited ${fmt(wanted)}, the poll interval (the least it waits between polls),`;
  return { waitMs: wanted, exhausts: false, note: `answered ${status}; ${said}${done} and polled again` };
}

function describe(value: string, asked: Asked): string {
  if (asked.kind === 'invalid')
    return `Retry-After: ${JSON.stringify(value)} is neither a number of seconds nor an HTTP date`;
  if (asked.kind === 'seconds') return `Retry-After: ${value} s asked`;
  return `Retry-After: ${value} asked (${asked.ms <= 0 ? 'a time already past' : `${fmt(asked.ms)} from now`})`;
}

type Asked = { kind: 'seconds' | 'date'; ms: number } | { kind: 'invalid' };

/** delay-seconds (fractions accepted, as some servers send them) or an HTTP date; anything else is invalid. */
export function parseRetryAfter(value: string, now = Date.now()): Asked {
  if (/^\d+(\.\d+)?$/.test(value)) return { kind: 'seconds', ms: Number(value) * 1000 };
  // A date names its weekday or month: Date.parse alone would take "-1" or "12" for a date.
  if (/[A-Za-z]{3}/.test(value)) {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return { kind: 'date', ms: at - now };
  }
  return { kind: 'invalid' };
}
