import type { ClientReport, JobPolling } from '../rules/client-report.js';
import type { Style } from '../util/style.js';

const ms = (n: number) => `${Math.round(n)} ms`;

/** The client report as text: a line of facts per job, then its findings, then a summary. */
export function renderClientReport(report: ClientReport, style: Style): string {
  const lines = [style.bold('How the client polled')];
  if (report.jobs.length === 0) lines.push('  no status polls were seen.');
  for (const job of report.jobs) {
    const mark = job.findings.length === 0 ? style.green('✓') : style.red('✗');
    lines.push(`${mark} ${job.job}`, `    ${facts(job)}`);
    for (const f of job.findings) lines.push(`    ${style.red(f.rule)}  poll ${f.poll}  ${f.message}`);
  }
  if (!report.timed && report.jobs.length > 0)
    lines.push(
      style.dim('  (the source holds no request times: intervals and Retry-After need a HAR recording)'),
    );
  const n = report.findings.length;
  lines.push(
    n === 0
      ? style.green(`client: ${report.jobs.length} job${report.jobs.length === 1 ? '' : 's'}, no finding`)
      : style.red(
          `client: ${n} finding${n === 1 ? '' : 's'} over ${report.jobs.length} job${report.jobs.length === 1 ? '' : 's'}`,
        ),
    '',
  );
  return lines.join('\n');
}

function facts(job: JobPolling): string {
  const parts = [`${job.polls} poll${job.polls === 1 ? '' : 's'}`];
  const i = job.intervalMs;
  if (i) parts.push(`interval min ${ms(i.minMs)} · median ${ms(i.medianMs)} · max ${ms(i.maxMs)}`);
  if (job.backedOff !== undefined) parts.push(job.backedOff ? 'backed off' : 'no back-off');
  if (job.retryAfter.asked > 0)
    parts.push(
      `Retry-After honoured ${job.retryAfter.asked - job.retryAfter.ignored}/${job.retryAfter.asked}`,
    );
  parts.push(`${job.pollsAfterTerminal} after terminal`);
  if (job.concurrentPolls > 0) parts.push(`${job.concurrentPolls} concurrent`);
  if (job.states.length > 0) parts.push(job.states.join(' → '));
  return parts.join(' · ');
}
