import type { RouteSpec } from '../format/types.js';

/** A path segment decoded, or as sent when its percent-encoding is malformed (never a throw). */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The non-empty segments of a URL's path, decoded. */
export function pathSegments(url: URL): string[] {
  return url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeSegment);
}

/**
 * The id of the job a status URL asks for: the route's id parameter when the URL's path ends
 * like one of the vendor's status routes (a base path before it is allowed), else the last path
 * segment. Undefined when the path has no segment to name a job.
 */
export function requestedId(url: string, routes: readonly RouteSpec[] = []): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const segments = pathSegments(parsed);
  for (const route of routes) {
    if (route.action !== 'status' || route.method !== 'GET') continue;
    const id = matchRoute(route, segments);
    if (id !== undefined) return id;
  }
  return segments.at(-1);
}

function matchRoute(route: RouteSpec, segments: readonly string[]): string | undefined {
  const template = route.path.split('/').filter((s) => s !== '');
  if (template.length > segments.length) return undefined;
  const tail = segments.slice(segments.length - template.length);
  const idParam = route.idParam ?? 'id';
  let id: string | undefined;
  for (const [i, part] of template.entries()) {
    const value = tail[i] as string;
    const param = /^\{(.+)\}$/.exec(part)?.[1];
    if (param === undefined) {
      if (part !== value) return undefined;
    } else if (param === idParam) id = value;
  }
  return id;
}
