import { buildRuleModel } from '../rules/model.js';
import { strictIssues } from '../rules/strict.js';
import type { ValidationResult } from '../schema/issues.js';
import { defaultRegistry } from '../vendors/default.js';
import type { Vendor } from '../vendors/registry.js';

export interface ValidateOptions {
  /** Another of the vendor's schemas (default: its status schema). */
  schema?: string;
  /**
   * Besides the schema, what the lifecycle requires of a body in its state: a known status, a
   * terminal body's finished time, a failed body's error, a per-state time in its state (see
   * rules/strict.ts). Only for the status schema: the rules speak of status bodies.
   */
  strict?: boolean;
}

/**
 * A body validator for one vendor, built once (its schema compiled, its rule model derived) and
 * called per body. Only an unknown schema throws; failures are data.
 */
export function bodyValidator(
  vendor: Vendor,
  options: ValidateOptions = {},
): (body: unknown) => ValidationResult {
  const schema = options.schema ?? vendor.root;
  vendor.schemas.validator(schema);
  const model = options.strict ? buildRuleModel(vendor) : undefined;
  return (body) => {
    const result = vendor.validate(body, schema);
    if (!model) return result;
    const issues = [...result.issues, ...strictIssues(model, body)];
    return { valid: issues.length === 0, issues };
  };
}

/**
 * Validates one body against a vendor's status schema (a name from the built-ins and
 * JOBKIT_VENDORS, or a loaded Vendor); `strict` adds the lifecycle's demands. Failures are data;
 * only an unknown vendor or schema throws.
 */
export function validate(
  vendor: string | Vendor,
  body: unknown,
  options: ValidateOptions = {},
): ValidationResult {
  const v = typeof vendor === 'string' ? defaultRegistry().get(vendor) : vendor;
  return bodyValidator(v, options)(body);
}
