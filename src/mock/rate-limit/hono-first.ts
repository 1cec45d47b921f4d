import type { Answer } from '../respond.js';
import type { MockState } from '../state.js';
import { StatusAnswers, type StatusOptions } from '../status.js';

/**
 * Status answers that leave some vendors' paths to Hono: `answer`, what the node:http fast path
 * asks, declines them, so the request meets Hono's middleware (a rate limit counts each request
 * by its credential, which the fast path does not read). Hono's status action resolves and
 * answers through `resolve` and `answerResolved`, which stay as they are; every other vendor's
 * paths keep the fast path, at the cost of one look at a set per answer.
 */
export class HonoFirstStatusAnswers extends StatusAnswers {
  constructor(
    state: MockState,
    options: StatusOptions,
    /** The vendors whose requests must go through Hono. */
    readonly honoVendors: ReadonlySet<string>,
  ) {
    super(state, options);
  }

  /** Whether a status GET of this path must be answered by Hono. */
  needsHono(path: string): boolean {
    const hit = this.resolve(path);
    return hit !== null && this.honoVendors.has(hit.route.vendor.name);
  }

  override answer(path: string, origin?: () => string): Answer | undefined {
    const hit = this.resolve(path);
    if (hit === null || this.honoVendors.has(hit.route.vendor.name)) return undefined;
    return this.answerResolved(hit, origin);
  }
}
