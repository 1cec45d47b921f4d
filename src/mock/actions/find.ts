import type { Job } from '../../lifecycle/engine.js';
import { type CompiledRoute, inScope, scopeOf } from '../routes.js';
import type { MockState } from '../state.js';

/** The job a status/cancel/create route names, if it exists under these path parameters. */
export function findJob(state: MockState, r: CompiledRoute, params: Record<string, string>): Job | undefined {
  const id = params[r.spec.idParam ?? 'id'];
  if (id === undefined) return undefined;
  const job = state.store.get(r.vendor.name, id);
  return job && inScope(job, scopeOf(r, params)) ? job : undefined;
}
