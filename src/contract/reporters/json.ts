import type { CheckReport } from '../types.js';

/** The whole run as one JSON document: a summary, then every report as data. */
export function jsonReport(reports: CheckReport[]): string {
  const cases = reports.flatMap((r) => r.cases);
  return `${JSON.stringify(
    {
      ok: reports.every((r) => r.ok),
      summary: {
        checks: cases.length,
        passed: cases.filter((c) => c.ok && !c.skipped).length,
        failed: cases.filter((c) => !c.ok).length,
        skipped: cases.filter((c) => c.skipped).length,
        violations: cases.reduce((n, c) => n + c.violations.length, 0),
      },
      reports,
    },
    null,
    2,
  )}\n`;
}
