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
