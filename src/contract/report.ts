import type { Style } from '../cli/style.js';
import type { Violation } from '../rules/check.js';
import { preview } from '../util/json.js';
import type { CaseResult, CheckReport } from './types.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

export function formatViolation(v: Violation): string {
  const where = [v.poll > 0 ? `poll ${v.poll}` : undefined, v.pointer || undefined].filter(Boolean).join(' ');
  const values =
    'previous' in v && v.previous !== undefined
      ? ` (previous ${preview(v.previous)}, current ${preview(v.current)})`
      : 'current' in v && v.current !== undefined
        ? ` (got ${preview(v.current)})`
        : '';
  return `${v.rule}${where ? `  ${where}` : ''}  ${v.message}${values}`;
}

/** The readable default: one line per case, the violations under it, a summary. */
export function textReport(reports: CheckReport[], style: Style): string {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const report of reports) {
    lines.push(style.bold(report.name));
    for (const c of report.cases) {
      if (c.skipped) skipped++;
      else if (c.ok) passed++;
      else failed++;
      const mark = c.skipped ? style.dim('-') : c.ok ? style.green('✓') : style.red('✗');
      const facts = [
        c.polls > 0 ? `${c.polls} poll${c.polls === 1 ? '' : 's'}` : undefined,
        c.skipped ? undefined : seconds(c.durationMs),
        c.states.length > 0 ? c.states.join(' → ') : undefined,
      ].filter(Boolean);
      lines.push(`  ${mark} ${c.name}${facts.length ? style.dim(`  ${facts.join(' · ')}`) : ''}`);
      for (const v of c.violations) lines.push(`      ${style.red(formatViolation(v))}`);
      for (const note of c.notes) lines.push(`      ${style.dim(`note: ${note}`)}`);
    }
    for (const problem of report.problems) lines.push(`  ${style.yellow('error')} ${problem}`);
  }
  const total = passed + failed + skipped;
  lines.push(
    '',
    `${total} check${total === 1 ? '' : 's'}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

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
  const details = c.violations.map(formatViolation).join('\n');
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
  const time = reports.reduce((t, r) => t + r.durationMs, 0) / 1000;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jobkit check" tests="${all.length}" failures="${failures}" time="${time.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
