import { randomUUID } from 'node:crypto';
import type { Job } from '../lifecycle/engine.js';
import type { MockVendor } from './jobs.js';
import { type Answer, jsonHeaders, notFoundAnswer, vendorErrorAnswer } from './respond.js';
import { type CompiledRoute, inScope, scopeOf, unsupportedParam } from './routes.js';
import type { MockState } from './state.js';

/** A path taken apart once: which status route, its parameters, the job id and scope. */
export interface ResolvedStatus {
  route: CompiledRoute;
  params: Record<string, string>;
  id: string | undefined;
  scope: string[];
  /** The `unsupported` message when a parameter is outside its allowed values. */
  unsupported?: string;
}

/** A job's body rendered at one clock millisecond, with the headers that go with it. */
interface Rendered {
  at: number;
  end: Job['end'];
  text: string;
  headers: Record<string, string>;
}

export interface StatusOptions {
  /** Paths whose routing is remembered (the memo is cleared when full; default 4096). */
  paths?: number;
  /** Jobs whose last rendering is kept for reuse within one clock millisecond (default 1024; 0: none). */
  bodies?: number;
}

/** Hono's reading of a path parameter: percent-decoded, or left as it is when that fails. */
function decode(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * Status GETs, resolved and answered the same way whichever transport they arrive through: the
 * Hono app's status action and the node:http fast path both call `answer`. Both memos are
 * bounded and owned by this instance.
 */
export class StatusAnswers {
  private readonly getRoutes: CompiledRoute[];
  private readonly paths = new Map<string, ResolvedStatus | null>();
  private readonly bodies = new Map<Job, Rendered>();
  private readonly maxPaths: number;
  private readonly maxBodies: number;

  constructor(
    private readonly state: MockState,
    options: StatusOptions = {},
  ) {
    this.maxPaths = options.paths ?? 4096;
    this.maxBodies = options.bodies ?? 1024;
    // Every GET route, in the order Hono matches them: a path answered by another GET route first
    // is not a status path.
    this.getRoutes = state.compiled.filter((r) => r.spec.method === 'GET');
  }

  /** The status route a path names, or null when it is not a status GET path. */
  resolve(path: string): ResolvedStatus | null {
    let hit = this.paths.get(path);
    if (hit !== undefined) return hit;
    hit = this.route(path);
    if (this.paths.size >= this.maxPaths) this.paths.clear();
    this.paths.set(path, hit);
    return hit;
  }

  /** The whole answer to a status GET of this path; undefined when it is not a status path. */
  answer(path: string): Answer | undefined {
    const hit = this.resolve(path);
    return hit ? this.answerResolved(hit) : undefined;
  }

  answerResolved(hit: ResolvedStatus): Answer {
    const { route } = hit;
    if (hit.unsupported !== undefined) return vendorErrorAnswer(route, 'unsupported', hit.unsupported);
    const job = hit.id === undefined ? undefined : this.state.store.get(route.vendor.name, hit.id);
    if (!job || !inScope(job, hit.scope)) return notFoundAnswer(route, hit.params);
    const rendered = this.rendered(route.vendor, job);
    const own = route.headers;
    if (!own) return { status: 200, headers: rendered.headers, body: rendered.text };
    // The vendor's headers come after jobkit's own, with a fresh request id per answer.
    const headers: Record<string, string> = { ...rendered.headers };
    for (const [name, value] of own(randomUUID())) headers[name] = value;
    return { status: 200, headers, body: rendered.text };
  }

  private route(path: string): ResolvedStatus | null {
    for (const route of this.getRoutes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (route.spec.action !== 'status') return null;
      const params: Record<string, string> = {};
      for (let i = 0; i < route.params.length; i++) {
        params[route.params[i] as string] = decode(m[i + 1] as string);
      }
      return resolved(route, params);
    }
    return null;
  }

  /**
   * The JSON of a job's body now, with its headers. A body is a pure function of the job and the
   * clock's millisecond, so answers within the same millisecond share one rendering (many clients
   * polling one job); ending a job replaces its `end`, which invalidates the entry.
   */
  private rendered(mv: MockVendor, job: Job): Rendered {
    const now = this.state.clock.now();
    const hit = this.bodies.get(job);
    if (hit && hit.at === now && hit.end === job.end) return hit;
    const text = JSON.stringify(mv.body(job, now));
    const entry: Rendered = { at: now, end: job.end, text, headers: Object.freeze(jsonHeaders(text)) };
    if (this.maxBodies === 0) return entry;
    if (!hit && this.bodies.size >= this.maxBodies)
      this.bodies.delete(this.bodies.keys().next().value as Job);
    this.bodies.set(job, entry);
    return entry;
  }
}

/** A status route with its path parameters already read (by Hono, or from a path here). */
export function resolved(route: CompiledRoute, params: Record<string, string>): ResolvedStatus {
  const unsupported = unsupportedParam(route, params);
  return {
    route,
    params,
    id: params[route.spec.idParam ?? 'id'],
    scope: scopeOf(route, params),
    ...(unsupported === undefined ? {} : { unsupported }),
  };
}
