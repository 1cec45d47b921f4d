import { toVendorBundle, type VendorBundle } from './bundled.js';
import { defaultRegistry } from './default.js';
import type { Registry } from './registry.js';

export interface BundleVendorsOptions {
  /** Where the vendors come from (default: the built-ins and JOBKIT_VENDORS). */
  registry?: Registry;
}

/**
 * Vendors as data for a browser (jobkit/msw's handlers): each one loaded and checked here, in
 * Node, then written as its vendor file and schema bundle. Default: every vendor with a mock section.
 */
export function bundleVendors(names?: readonly string[], options: BundleVendorsOptions = {}): VendorBundle[] {
  const registry = options.registry ?? defaultRegistry();
  const wanted = names ?? registry.names().filter((n) => registry.get(n).lifecycle.mock !== undefined);
  return wanted.map((name) => toVendorBundle(registry.get(name)));
}
