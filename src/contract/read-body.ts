/** The most a response body may hold before it is refused (body-too-large): 8 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The deepest nesting a JSON body may have. The schema and lifecycle checks walk bodies
 * recursively, so a body like `[` × 100,000 would overflow the stack there; no job status nests
 * anywhere near this.
 */
export const MAX_JSON_DEPTH = 1000;

export type BodyRead =
  | { kind: 'text'; text: string }
  /** More than the cap: `bytes` is how much was read before giving up. */
  | { kind: 'too-large'; bytes: number }
  /** The stream failed (reset, bad compression) or stalled past `signal`'s deadline. */
  | { kind: 'error'; error: unknown; bytes: number };

/**
 * Reads a response body as text, up to `maxBytes`. It never throws and never buffers more than
 * the cap: the stream is cancelled as soon as the cap is passed. A stall ends when `signal`
 * aborts (the caller ties it to the time left), as an error.
 */
export async function readCapped(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
): Promise<BodyRead> {
  const stream = response.body;
  if (!stream) return { kind: 'text', text: '' };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        void reader.cancel().catch(() => undefined);
        return { kind: 'too-large', bytes };
      }
      chunks.push(value);
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    return { kind: 'error', error, bytes };
  }
  return { kind: 'text', text: new TextDecoder().decode(concat(chunks, bytes)) };
}

function concat(chunks: Uint8Array[], bytes: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** How deep arrays and objects nest in a JSON text, stopping once past `limit` (strings skipped). */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** "8,388,608 bytes (8 MiB)"-style wording for messages. */
export function formatBytes(n: number): string {
  const mib = n / (1024 * 1024);
  const size = mib >= 1 ? ` (${Number(mib.toFixed(1))} MiB)` : '';
  return `${n.toLocaleString('en-US')} bytes${size}`;
}
