import type { ValidationResult } from '../schema/issues.js';
import { createRegistry, type Registry, rootsFromEnv } from './registry.js';

let registry: Registry | undefined;

/** The built-in vendors plus those in JOBKIT_VENDORS, created on first use. */
export function defaultRegistry(): Registry {
  registry ??= createRegistry({ roots: rootsFromEnv() });
  return registry;
}

/** Validates one body against a vendor's status schema. Failures are data; only an unknown vendor throws. */
export function validate(vendor: string, body: unknown): ValidationResult {
  return defaultRegistry().get(vendor).validate(body);
}

export interface LoadVendorsOptions {
  /** Folders with schemas/<vendor>/ and mocks/<vendor>/lifecycle.json; a later one replaces an earlier vendor of the same name. */
  dirs?: string[];
  /** Load jobkit's built-in vendors first (default true). */
  builtins?: boolean;
}

/**
 * The vendors jobkit knows: the built-ins plus those in `dirs`. Nothing is compiled until a
 * vendor is first used; a broken vendor file throws a JobkitError naming the file and pointer.
 * @example
 * const vendors = loadVendors({ dirs: ['./my-vendors'] });
 * vendors.get('acme').validate(body); // { valid, issues: [{ pointer, keyword, message, … }] }
 */
export function loadVendors(options: LoadVendorsOptions = {}): Registry {
  return createRegistry({
    roots: options.dirs ?? [],
    ...(options.builtins === false ? { builtins: false } : {}),
  });
}
