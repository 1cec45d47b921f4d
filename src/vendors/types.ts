import type { Ajv2020 } from '../schema/ajv.js';
import type { CompiledSchemas } from '../schema/compile.js';
import type { ValidationResult } from '../schema/issues.js';
import type { LifecycleFile, StateDefinition } from './read-file.js';

export interface VendorState extends StateDefinition {
  name: string;
}

/** One job-status API, loaded from `schemas/<name>/` and `mocks/<name>/lifecycle.json`. */
export interface Vendor {
  name: string;
  title: string;
  description?: string;
  docs?: string;
  /** Name of the status body's schema in the bundle. */
  root: string;
  /** JSON pointer of the status field; `""` (the body) when the status is derived (`status.derive`). */
  statusField: string;
  /** The status a body holds: its status field's value, or the state derived from the body. */
  readStatus(body: unknown): unknown;
  states: VendorState[];
  transitions: Record<string, string[]>;
  lifecycle: LifecycleFile;
  schemas: CompiledSchemas;
  source: {
    root: string;
    schemas: string;
    lifecycle: string;
    builtin: boolean;
    /** A user vendor that replaces the built-in of its name (its file says `"replaces"`). */
    replacesBuiltin: boolean;
  };
  /** Validates a body against the status schema, or another named schema of the vendor. */
  validate(body: unknown, schema?: string): ValidationResult;
}

export interface Registry {
  /** Vendor names, sorted. Cheap: nothing is compiled. */
  names(): string[];
  has(name: string): boolean;
  /** Loads and compiles the vendor on first use. Throws a JobkitError naming the file and pointer. */
  get(name: string): Vendor;
  /** Where each vendor comes from, without loading it. */
  locate(name: string): { root: string; builtin: boolean; replacesBuiltin: boolean } | undefined;
  /**
   * A new Ajv configured as the vendors' is (jobkit's formats and keywords), for other schemas
   * (the mock's admin API): loaded the way this registry loads Ajv.
   */
  createAjv?(): Ajv2020;
}
