/**
 * jobkit's mock as MSW 2 request handlers, in Node (`setupServer`) and in a browser (`setupWorker`):
 *
 *   const server = setupServer(...handlers({ vendors: ['pinpoint'], clock: createManualClock() }));
 *
 * Vendors are data: the built-ins ship in this module, a vendor of your own is a bundle made in
 * Node by `bundleVendors()` (from `jobkit`) and passed in `vendors`. Nothing on this path imports
 * a Node built-in.
 */
import type { RequestHandler } from 'msw';
import { createStaticAjv } from '../schema/ajv-static.js';
import { createBundledRegistry, type VendorBundle } from '../vendors/bundled.js';
import { BUILTIN_VENDORS } from './builtin-vendors.generated.js';
import { type HandlersOverOptions, handlersOver, type MockHandlers } from './handlers.js';

export type { Clock } from '../mock/clock.js';
export { createManualClock, createRealClock } from '../mock/clock.js';
export type { LoggedRequest } from '../mock/request-log.js';
export type { JobSummary } from '../mock/state.js';
export type { VendorBundle } from '../vendors/bundled.js';
export type { MockHandlers } from './handlers.js';

export interface HandlersOptions extends Omit<HandlersOverOptions, 'registry' | 'vendors'> {
  /**
   * Vendors to serve: built-in names, or vendor bundles (a bundle replaces the built-in of its
   * name). Default: every built-in vendor.
   */
  vendors?: readonly (string | VendorBundle)[];
}

/** The handlers with the mock behind them: its clock, its state, and a way to create jobs directly. */
export function createMockHandlers(options: HandlersOptions = {}): MockHandlers {
  const given = (options.vendors ?? []).filter((v): v is VendorBundle => typeof v !== 'string');
  const byName = new Map(BUILTIN_VENDORS.map((b) => [b.name, b]));
  for (const bundle of given) byName.set(bundle.name, bundle);
  const registry = createBundledRegistry([...byName.values()], createStaticAjv);
  const { vendors, ...rest } = options;
  return handlersOver({
    ...rest,
    registry,
    ...(vendors ? { vendors: vendors.map((v) => (typeof v === 'string' ? v : v.name)) } : {}),
  });
}

/** MSW request handlers, one per vendor route, answered by jobkit's mock on the given clock. */
export function handlers(options: HandlersOptions = {}): RequestHandler[] {
  return createMockHandlers(options).handlers;
}
