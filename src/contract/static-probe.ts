import { getAt } from '../util/pointer.js';

/**
 * Why the server at `url` looks static, or undefined when it answers like a real job store:
 * a static mock (e.g. Prism) answers a job other than the one asked for, or the same body for a
 * random id. `idPointers` say where the body holds the job's id.
 */
export async function staticMock(
  url: string,
  body: unknown,
  text: string,
  idPointers: readonly string[],
  headers: Record<string, string> | undefined,
): Promise<string | undefined> {
  const u = new URL(url);
  const segments = u.pathname.split('/').map((s) => decodeURIComponent(s));
  const ids = idPointers
    .map((p) => getAt(body, p))
    .filter((v): v is string => typeof v === 'string' && v !== '');
  const foreign = ids.find((id) => !segments.includes(id));
  if (foreign !== undefined) return `it answers job "${foreign}", which is not the job in the URL`;
  const index =
    ids.length > 0 ? segments.lastIndexOf(ids[0] as string) : segments.findLastIndex((s) => s !== '');
  if (index <= 0) return undefined;
  const probe = new URL(url);
  const probeSegments = [...segments];
  probeSegments[index] = `jobkit-probe-${Math.random().toString(36).slice(2, 10)}`;
  probe.pathname = probeSegments.map((s) => encodeURIComponent(s)).join('/');
  try {
    const res = await fetch(probe, {
      headers: { accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(5000),
    });
    const probeText = await res.text();
    if (res.status === 200 && probeText === text)
      return `it answers the same body for a random id (${probe.pathname})`;
  } catch {
    // The probe is only a hint; transport trouble here changes nothing.
  }
  return undefined;
}
