import type { ValidationIssue } from '../../schema/issues.js';

/** The admin API's refusal: jobkit's own error body, plus the schema's issues as data. */
export interface AdminRefusal {
  status: number;
  code: string;
  message: string;
  issues?: ValidationIssue[];
}

/** Today's wording of a refusal, chosen by where the first problem is (rules in order). */
export interface Rule {
  /** The pointer (or a prefix of it) an issue must be at (anywhere when absent), and optionally its keyword. */
  at?: string;
  keywords?: string[];
  refusal: (body: Record<string, unknown>) => Omit<AdminRefusal, 'issues'>;
}
