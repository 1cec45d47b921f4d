import type { Readable } from 'node:stream';
import { type InputFormat, type InputProblem, readBodyBatches } from '../io/bodies.js';
import { buildRuleModel } from '../rules/model.js';
import { strictIssues } from '../rules/strict.js';
import { toIssues, type ValidationIssue } from '../schema/issues.js';
import type { Vendor } from '../vendors/registry.js';

export interface BodyFailure {
  source: string;
  line?: number;
  index?: number;
  issues: ValidationIssue[];
}

export interface ValidateSummary {
  vendor: string;
  schema: string;
  inputs: number;
  bodies: number;
  valid: number;
  invalid: number;
  problems: number;
}

export interface ValidateInputsOptions {
  vendor: Vendor;
  schema?: string;
  inputs: string[];
  format?: InputFormat;
  /** Also what the lifecycle requires of a body in its state (see rules/strict.ts). */
  strict?: boolean;
  stdin?: Readable;
  onFailure?: (failure: BodyFailure) => void;
  onProblem?: (problem: InputProblem) => void;
}

/** Streams every input through the vendor's validator; failures and problems go to callbacks as they happen. */
export async function validateInputs(options: ValidateInputsOptions): Promise<ValidateSummary> {
  const schema = options.schema ?? options.vendor.root;
  const validate = options.vendor.schemas.validator(schema);
  const model = options.strict ? buildRuleModel(options.vendor) : undefined;
  const summary: ValidateSummary = {
    vendor: options.vendor.name,
    schema,
    inputs: options.inputs.length,
    bodies: 0,
    valid: 0,
    invalid: 0,
    problems: 0,
  };
  for (const input of options.inputs) {
    for await (const batch of readBodyBatches(input, {
      ...(options.format ? { format: options.format } : {}),
      ...(options.stdin ? { stdin: options.stdin } : {}),
    }))
      for (const item of batch) {
        if (item.kind === 'problem') {
          summary.problems++;
          options.onProblem?.(item);
          continue;
        }
        summary.bodies++;
        const schemaValid = validate(item.body);
        // The verdict's own errors: validating again only to word them would run Ajv twice per failure.
        const schemaErrors = schemaValid ? undefined : validate.errors;
        const lifecycle = model ? strictIssues(model, item.body) : [];
        if (schemaValid && lifecycle.length === 0) {
          summary.valid++;
          continue;
        }
        summary.invalid++;
        if (options.onFailure) {
          options.onFailure({
            source: item.source,
            ...(item.line === undefined ? {} : { line: item.line }),
            ...(item.index === undefined ? {} : { index: item.index }),
            issues: [...(schemaValid ? [] : toIssues(schemaErrors, item.body)), ...lifecycle],
          });
        }
      }
  }
  return summary;
}
