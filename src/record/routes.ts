import { defaultApi } from '../mock/routes.js';
import type { Vendor } from '../vendors/registry.js';

/** A vendor's status route as a pattern over a request path. */
interface StatusRoute {
  vendor: Vendor;
  path: string;
  pattern: RegExp;
  /** Index of the job id among the pattern's groups. */
  idGroup: number;
}

/** A request that polls a job's status: which vendor's route it matched, and the job. */
export interface StatusMatch {
  vendor: Vendor;
  /** The route as declared, e.g. /v1/apps/{application-id}/jobs/export/{job-id}. */
  route: string;
  jobId: string;
}

/**
 * The status routes of the vendors watched: a GET whose path matches one is a poll of a job.
 * Vendors without an `api` section are matched on the generic routes the mock serves them on.
 */
export class StatusRoutes {
  private readonly routes: StatusRoute[] = [];

  constructor(vendors: readonly Vendor[]) {
    for (const vendor of vendors) {
      const api = vendor.lifecycle.api ?? defaultApi(vendor.name);
      for (const spec of api.routes) {
        if (spec.action !== 'status' || spec.method !== 'GET') continue;
        const idParam = spec.idParam ?? 'id';
        const params = [...spec.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        const literal = spec.path
          .split(/\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        // A trailing slash is optional: clients and servers disagree on it (PostHog's paths end in one).
        const source = literal.join('([^/]+)').replace(/\/$/, '');
        this.routes.push({
          vendor,
          path: spec.path,
          pattern: new RegExp(`^${source}/?$`),
          idGroup: params.indexOf(idParam),
        });
      }
    }
  }

  get size(): number {
    return this.routes.length;
  }

  /** Every watched vendor whose status route matches this GET path (no query). */
  match(path: string): StatusMatch[] {
    const out: StatusMatch[] = [];
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      const id = r.idGroup === -1 ? path : (m[r.idGroup + 1] ?? path);
      out.push({ vendor: r.vendor, route: r.path, jobId: safeDecode(id) });
    }
    return out;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
