import type { CaseResult, CheckReport } from '../types.js';
import { foldViolations } from './fold.js';
import { formatFolded } from './text.js';

function xml(text: string): string {
  // XML 1.0 forbids other control characters; they are dropped.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/g, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function testcase(c: CaseResult, classname: string): string {
  const open = `    <testcase name="${xml(c.name)}" classname="${xml(classname)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
  if (c.skipped)
    return `${open}>\n      <skipped message="${xml(c.notes[0] ?? 'skipped')}"/>\n    </testcase>`;
  const out = c.notes.length ? `\n      <system-out>${xml(c.notes.join('\n'))}</system-out>` : '';
  if (c.ok) return out ? `${open}>${out}\n    </testcase>` : `${open}/>`;
  const first = c.violations[0];
  const message = first ? `${first.rule}: ${first.message}` : 'failed';
  const details = foldViolations(c.violations).map(formatFolded).join('\n');
  return `${open}>\n      <failure message="${xml(message)}" type="${xml(first?.rule ?? 'failure')}">${xml(details)}</failure>${out}\n    </testcase>`;
}

/** JUnit XML: a testsuite per suite file (or URL, or recording), a testcase per job or step. */
export function junitReport(reports: CheckReport[]): string {
  const suites = reports.map((r) => {
    const failures = r.cases.filter((c) => !c.ok).length;
    const skipped = r.cases.filter((c) => c.skipped).length;
    const cases = r.cases.map((c) => testcase(c, `jobkit.${c.vendor}`));
    const errors = r.problems.map(
      (p) =>
        `    <testcase name="${xml(p)}" classname="jobkit.input">\n      <error message="${xml(p)}"/>\n    </testcase>`,
    );
    return `  <testsuite name="${xml(r.name)}" tests="${r.cases.length + r.problems.length}" failures="${failures}" errors="${r.problems.length}" skipped="${skipped}" time="${(r.durationMs / 1000).toFixed(3)}">\n${[...cases, ...errors].join('\n')}\n  </testsuite>`;
  });
  const all = reports.flatMap((r) => r.cases);
  const failures = all.filter((c) => !c.ok).length;
  // Unreadable inputs are testcases with an <error>: counted on <testsuites> too, so a CI that
  // reads only the totals does not see a clean run.
  const errors = reports.reduce((n, r) => n + r.problems.length, 0);
  const time = reports.reduce((t, r) => t + r.durationMs, 0) / 1000;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jobkit check" tests="${all.length + errors}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
