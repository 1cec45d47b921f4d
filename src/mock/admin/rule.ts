import type { ValidationIssue } from '../../schema/issues.js';
import type { MockState } from '../state.js';

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

/** A scenario the body's vendor does not have: the same words wherever a body names one. */
export function unknownScenario(state: MockState): Rule {
  return {
    at: '/scenario',
    refusal: (b) => {
      const mv = state.vendorOf(String(b.vendor));
      return {
        status: 400,
        code: 'unknown_scenario',
        message: `Unknown scenario ${JSON.stringify(b.scenario)} for ${mv.name}. Scenarios: ${mv.scenarioList.join(', ')}.`,
      };
    },
  };
}
