import type { CheckReport } from '../types.js';
import { foldViolations } from './fold.js';

/**
 * The whole run as one JSON document: a summary, then every report as data. Every violation is
 * kept; `folded` adds, for each case, the violations repeated over polls as the text report
 * folds them (the first, a count, the first and last poll), for readers that want the short list.
 */
export function jsonReport(reports: CheckReport[]): string {
  const cases = reports.flatMap((r) => r.cases);
  const errors = reports.reduce((n, r) => n + r.problems.length, 0);
  const folded = reports.flatMap((r) =>
    r.cases.flatMap((c) =>
      foldViolations(c.violations)
        .filter((g) => g.count > 1)
        .map((g) => ({
          report: r.name,
          case: c.name,
          rule: g.first.rule,
          pointer: g.first.pointer,
          message: g.first.message,
          count: g.count,
          firstPoll: g.firstPoll,
          lastPoll: g.lastPoll,
        })),
    ),
  );
  return `${JSON.stringify(
    {
      ok: reports.every((r) => r.ok),
      summary: {
        checks: cases.length,
        passed: cases.filter((c) => c.ok && !c.skipped).length,
        failed: cases.filter((c) => !c.ok).length,
        skipped: cases.filter((c) => c.skipped).length,
        violations: cases.reduce((n, c) => n + c.violations.length, 0),
        // Inputs that could not be read: present only when there are any, as a run with errors
        // is not a clean run whatever the other counts say.
        ...(errors > 0 ? { errors } : {}),
      },
      folded,
      reports,
    },
    null,
    2,
  )}\n`;
}
