import type { Violation } from '../../rules/check.js';
import { preview } from '../../util/json.js';
import type { Style } from '../../util/style.js';
import type { CheckReport } from '../types.js';
import { type FoldedViolation, foldViolations } from './fold.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

export function formatViolation(v: Violation): string {
  return violationLine(v, v.poll > 0 ? `poll ${v.poll}` : undefined);
}

/** One line for violations folded together: the first one's wording, how many, and over which polls. */
export function formatFolded(group: FoldedViolation): string {
  if (group.count === 1) return formatViolation(group.first);
  const polls = group.firstPoll > 0 ? `polls ${group.firstPoll}–${group.lastPoll}` : undefined;
  return `${violationLine(group.first, polls)}  ×${group.count}`;
}

function violationLine(v: Violation, poll: string | undefined): string {
  const where = [poll, v.pointer || undefined].filter(Boolean).join(' ');
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
  let errors = 0;
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
      for (const group of foldViolations(c.violations)) lines.push(`      ${style.red(formatFolded(group))}`);
      for (const note of c.notes) lines.push(`      ${style.dim(`note: ${note}`)}`);
    }
    for (const problem of report.problems) lines.push(`  ${style.yellow('error')} ${problem}`);
    errors += report.problems.length;
  }
  const total = passed + failed + skipped;
  const unread = errors ? `, ${errors} input error${errors === 1 ? '' : 's'}` : '';
  lines.push(
    '',
    `${total} check${total === 1 ? '' : 's'}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${unread}`,
  );
  return `${lines.join('\n')}\n`;
}
