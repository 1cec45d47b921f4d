import type { MockSpec } from '../format/types.js';
import { getAt } from '../util/pointer.js';

/** The records a job handles: one per item of its request's array when the vendor says so, else drawn. */
export function totalOf(work: MockSpec['work'], request: unknown, drawn: number): number {
  if (work.totalFrom === undefined) return drawn;
  const items = getAt(request, work.totalFrom);
  return Array.isArray(items) ? items.length : drawn;
}
