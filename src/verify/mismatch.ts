import type { ErrorObject } from 'ajv';
import { originOf } from '../schema/bundle.js';
import { toIssues, type ValidationIssue } from '../schema/issues.js';
import { preview } from '../util/json.js';
import { getAt, joinPointer } from '../util/pointer.js';
import type { Vendor } from '../vendors/registry.js';

/** One way a rendered body breaks the vendor's own contract: a key to tell repeats apart, and the words. */
export interface Finding {
  key: string;
  text: string;
}

/**
 * The ways `body` breaks the vendor's status schema, each naming the schema's own file and
 * pointer (where the user edits), not the bundle's: `/progress renders 40 but
 * schemas/acme/openapi.yaml#/components/schemas/Job/properties/progress has maximum 1`.
 */
export function schemaFindings(vendor: Vendor, body: unknown): Finding[] {
  const validate = vendor.schemas.validator(vendor.root);
  if (validate(body)) return [];
  const errors = [...(validate.errors ?? [])];
  return toIssues(errors, body).map((issue) => {
    const error = errors.find((e) => e.keyword === issue.keyword && covers(e, issue));
    const at = error ? bundlePointer(vendor.root, error.schemaPath) : undefined;
    // The schema node the keyword belongs to: where the user looks (the keyword is in the words).
    const node = at?.slice(0, at.lastIndexOf('/'));
    const where = node === undefined ? `schema "${vendor.root}"` : originOf(vendor.schemas.bundle, node);
    const rule = at === undefined ? undefined : getAt(vendor.schemas.bundle.document, at);
    return { key: `schema\u0000${issue.pointer}\u0000${where}`, text: wording(issue, where, rule) };
  });
}

function covers(error: ErrorObject, issue: ValidationIssue): boolean {
  return issue.pointer === error.instancePath || issue.pointer.startsWith(`${error.instancePath}/`);
}

/**
 * Ajv's schema path is relative to the schema resource the keyword sits in: the root schema
 * itself (`#/properties/…`), or, behind a $ref, the whole bundle (`#/$defs/Other/…`).
 */
function bundlePointer(root: string, schemaPath: string): string {
  const path = schemaPath.startsWith('#') ? schemaPath.slice(1) : schemaPath;
  return path.startsWith('/$defs/') ? path : `${joinPointer('/$defs', root)}${path}`;
}

function wording(issue: ValidationIssue, where: string, rule: unknown): string {
  const at = issue.pointer === '' ? 'the body' : issue.pointer;
  if (issue.keyword === 'required') return `${at} is not rendered but ${where} requires it`;
  const what = `${at} renders ${preview(issue.received)} but ${where}`;
  const shown = rule === undefined ? '' : preview(rule);
  const plain = shown !== '' && !shown.endsWith('…') && (typeof rule !== 'object' || Array.isArray(rule));
  return plain ? `${what} has ${issue.keyword} ${shown}` : `${what} says it ${issue.message}`;
}
