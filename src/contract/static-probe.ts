import { getAt } from '../util/pointer.js';
import { readCapped } from './read-body.js';
import { pathSegments } from './request-id.js';

/** The hint every wrong-job violation carries: what a static mock is, and how to accept one. */
export const STATIC_HINT =
  'A static mock (e.g. Prism) answers one example body for any job and has no lifecycle; to check one on purpose, pass --allow-static (the lifecycle rules are then off and the schema results stand).';

export interface ForeignId {
  pointer: string;
  id: string;
}

/** The first id in `body` (at `idPointers`) that is not `requested`, or undefined. */
export function foreignId(
  body: unknown,
  idPointers: readonly string[],
  requested: string,
): ForeignId | undefined {
  for (const pointer of idPointers) {
    const id = getAt(body, pointer);
    if (typeof id === 'string' && id !== '' && id !== requested) return { pointer, id };
  }
  return undefined;
}

export interface ProbeOptions {
  url: string;
  body: unknown;
  text: string;
  idPointers: readonly string[];
  headers: Record<string, string> | undefined;
  /** The probe's request ends by then (the run's time left). */
  leftMs: number;
  maxBodyBytes: number;
}

/**
 * Why the server at `url` looks static, or undefined when it answers like a real job store:
 * a static mock (e.g. Prism) answers a job other than the one asked for, or the same body for a
 * random id. `idPointers` say where the body holds the job's id.
 */
export async function staticMock(options: ProbeOptions): Promise<string | undefined> {
  const { url, body, text, idPointers, headers } = options;
  const u = new URL(url);
  const segments = pathSegments(u);
  const ids = idPointers
    .map((p) => getAt(body, p))
    .filter((v): v is string => typeof v === 'string' && v !== '');
  const foreign = ids.find((id) => !segments.includes(id));
  if (foreign !== undefined) return `it answers job "${foreign}", which is not the job in the URL`;
  const index = ids.length > 0 ? segments.lastIndexOf(ids[0] as string) : segments.length - 1;
  if (index < 0 || options.leftMs <= 0) return undefined;
  const probe = new URL(url);
  const probeSegments = [...segments];
  probeSegments[index] = `jobkit-probe-${Math.random().toString(36).slice(2, 10)}`;
  const trailing = u.pathname.endsWith('/') ? '/' : '';
  probe.pathname = `/${probeSegments.map((s) => encodeURIComponent(s)).join('/')}${trailing}`;
  const signal = AbortSignal.timeout(Math.max(1, Math.round(options.leftMs)));
  try {
    const res = await fetch(probe, { headers: { accept: 'application/json', ...headers }, signal });
    const read = await readCapped(res, options.maxBodyBytes, signal);
    if (res.status === 200 && read.kind === 'text' && read.text === text)
      return `it answers the same body for a random id (${probe.pathname})`;
  } catch {
    // The probe is only a hint; transport trouble here changes nothing.
  }
  return undefined;
}
