import { createRegistry, type Registry, type Vendor } from '../vendors/registry.js';
import { cachedVerifier, type VerdictCacheOptions } from './cache.js';
import { verifyUserVendor } from './render-check.js';

export interface LoadVendorsOptions {
  /** Folders with schemas/<vendor>/ and mocks/<vendor>/lifecycle.json; a later one replaces an earlier vendor of the same name. */
  dirs?: string[];
  /** Load jobkit's built-in vendors first (default true). */
  builtins?: boolean;
}

/**
 * The vendors jobkit knows: the built-ins plus those in `dirs`. Nothing is compiled until a
 * vendor is first used; a broken vendor file throws a JobkitError naming the file and pointer,
 * and so does a vendor of `dirs` whose mock renders bodies its own schema or rules refuse.
 * @example
 * const vendors = loadVendors({ dirs: ['./my-vendors'] });
 * vendors.get('acme').validate(body); // { valid, issues: [{ pointer, keyword, message, … }] }
 */
export function loadVendors(options: LoadVendorsOptions = {}): Registry {
  return createRegistry({
    roots: options.dirs ?? [],
    ...(options.builtins === false ? { builtins: false } : {}),
    verify: verifyUserVendor,
  });
}

/**
 * The load self-check of user vendors with its passes cached on disk (see cache.ts): what the
 * CLI runs, so a cold command on an unchanged vendor skips the rendering. loadVendors keeps the
 * uncached check: a program that loads vendors chose its own process's lifetime.
 */
export function userVendorCheck(options: VerdictCacheOptions = {}): (vendor: Vendor) => void {
  return cachedVerifier(verifyUserVendor, options);
}
