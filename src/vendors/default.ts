import { createRegistry, type Registry, rootsFromEnv } from './registry.js';

let registry: Registry | undefined;

/** The built-in vendors plus those in JOBKIT_VENDORS, created on first use. */
export function defaultRegistry(): Registry {
  registry ??= createRegistry({ roots: rootsFromEnv() });
  return registry;
}
