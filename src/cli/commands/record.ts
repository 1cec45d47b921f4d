import type { RecordSummary } from '../../record/recorder.js';
import type { WatchEvent } from '../../record/watch.js';
import type { Style } from '../../util/style.js';
import type { CliContext, Command } from '../context.js';
import { numberOption } from '../options.js';

const whole = (name: string, value: unknown, what: string, min = 0) =>
  numberOption(name, value, (n) => Number.isInteger(n) && n >= min, what);

export const recordCommand: Command = {
  name: 'record',
  summary:
    "Record a client's traffic through a reverse proxy, judging every status answer live (schema and lifecycle)",
  usage:
    'jobkit record --target URL [--port 4020] [--host 127.0.0.1] [--vendor V] [--out FILE.har|FILE.ndjson] [--no-redact]',
  description: [
    'Point the client at the proxy instead of the API: every request goes on to --target, every status',
    'answer is judged per job as it comes (like prism proxy --errors, for sequences), and on Ctrl-C',
    '(SIGINT or SIGTERM) the proxy writes what it saw and reports how the client polled each job.',
    'A .har recording keeps every exchange; .ndjson keeps the status bodies (one file per job when there',
    'are several). Both are what jobkit check --recording reads. Secrets in headers and query strings',
    '(authorization, cookie, x-api-key, x-amz-security-token, …) are redacted unless --no-redact.',
    'Exit 0 when nothing was wrong, 1 when a rule was broken or the client report has a finding.',
  ].join('\n'),
  options: {
    target: { type: 'string', value: 'URL', description: 'Where requests go (a real API or a mock).' },
    port: {
      type: 'string',
      value: 'PORT',
      default: '4020',
      description: 'Port to listen on (0 picks a free one).',
    },
    host: { type: 'string', value: 'HOST', default: '127.0.0.1', description: 'Address to bind.' },
    vendor: {
      type: 'string',
      multiple: true,
      value: 'V',
      description: 'Judge as this vendor (repeatable; default: every vendor whose status route matches).',
    },
    out: { type: 'string', value: 'FILE', description: 'Write the recording (.har or .ndjson) on exit.' },
    'no-redact': { type: 'boolean', description: 'Keep secrets in the recording (it is yours to guard).' },
    'min-interval-ms': {
      type: 'string',
      value: 'MS',
      default: '500',
      description: 'Client report: polls closer than this are too fast.',
    },
    'timeout-ms': {
      type: 'string',
      value: 'MS',
      default: '30000',
      description: 'Longest a request may take upstream.',
    },
    'max-body-bytes': {
      type: 'string',
      value: 'N',
      default: String(10 * 1024 * 1024),
      description: 'Largest request or response body forwarded.',
    },
    quiet: { type: 'boolean', short: 'q', description: 'Print violations only, not each job.' },
  },
  examples: [
    'jobkit record --target http://127.0.0.1:4010 --out traffic.har',
    'jobkit record --target https://pinpoint.us-east-1.amazonaws.com --vendor pinpoint --port 0',
  ],
  async run(ctx, { values }) {
    const { JobkitError } = await import('../../errors.js');
    if (typeof values.target !== 'string' || values.target === '')
      throw new JobkitError(
        'usage',
        `record needs --target URL (the API to forward to).\nUsage: ${this.usage}`,
      );
    const port = numberOption(
      'port',
      values.port,
      (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
      'a port number (0–65535)',
    );
    const minIntervalMs = whole(
      'min-interval-ms',
      values['min-interval-ms'],
      'a whole number of milliseconds',
    );
    const timeoutMs = whole('timeout-ms', values['timeout-ms'], 'a whole number of milliseconds ≥ 1', 1);
    const maxBodyBytes = whole('max-body-bytes', values['max-body-bytes'], 'a whole number of bytes ≥ 1', 1);
    const vendors = (values.vendor as string[] | undefined) ?? [];
    const registry = ctx.registry();
    for (const name of vendors) registry.get(name);
    const { createRecorder } = await import('../../record/recorder.js');
    const recorder = await createRecorder({
      registry,
      target: values.target,
      host: String(values.host),
      port,
      vendors,
      ...(typeof values.out === 'string' ? { out: values.out } : {}),
      redact: values['no-redact'] !== true,
      timeoutMs,
      maxBodyBytes,
      client: { minIntervalMs },
      onEvent: (event) => {
        const line = eventLine(event, ctx.out, values.quiet === true);
        if (line !== undefined) ctx.stdout.write(`${line}\n`);
      },
    });
    const { out } = ctx;
    ctx.stdout.write(
      `${out.bold('jobkit record')} on ${out.bold(recorder.url)} → ${values.target}  (${vendors.length > 0 ? vendors.join(', ') : 'every vendor'}; Ctrl-C stops it${typeof values.out === 'string' ? ` and writes ${values.out}` : ''})\n`,
    );
    await stopSignal();
    return finish(ctx, await recorder.close(), values);
  },
};

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function finish(
  ctx: CliContext,
  summary: RecordSummary,
  values: Record<string, unknown>,
): Promise<number> {
  const { renderClientReport } = await import('../../contract/client-report-text.js');
  const { out } = ctx;
  const lines = [
    '',
    out.bold(
      `Seen: ${summary.exchanges} request${summary.exchanges === 1 ? '' : 's'}, ${summary.jobs.length} job${summary.jobs.length === 1 ? '' : 's'}`,
    ),
  ];
  for (const job of summary.jobs) {
    const n = job.result.violations.length;
    const mark = n === 0 ? out.green('✓') : out.red('✗');
    lines.push(
      `${mark} ${job.vendor} ${job.path}  ${job.result.polls} poll${job.result.polls === 1 ? '' : 's'}, ${job.result.states.join(' → ') || 'no status'}, ${n === 0 ? 'no violation' : `${n} violation${n === 1 ? '' : 's'}`}`,
    );
    for (const note of job.result.notes) lines.push(`    ${out.dim(note)}`);
  }
  if (summary.dropped > 0)
    lines.push(
      out.yellow(
        `${summary.dropped} exchanges were judged but not kept (the recording holds the first ${summary.exchanges - summary.dropped}).`,
      ),
    );
  for (const file of summary.files) {
    const vendor = summary.jobs[0]?.vendor ?? 'V';
    const url = summary.jobs.length > 1 && /\.har$/i.test(file) ? ' --url <status path>' : '';
    lines.push(
      `Wrote ${file}${values['no-redact'] === true ? ' (secrets kept)' : ''}: check it with jobkit check --vendor ${vendor} --recording ${file}${url}`,
    );
  }
  ctx.stdout.write(`${lines.join('\n')}\n\n${renderClientReport(summary.client, out)}`);
  const broken = summary.jobs.some((j) => j.result.violations.length > 0);
  return broken || !summary.client.ok ? 1 : 0;
}

/** A live line for an event; undefined for what --quiet leaves out. */
export function eventLine(event: WatchEvent, out: Style, quiet: boolean): string | undefined {
  const at = `${event.vendor} ${event.path}`;
  if (event.kind === 'violation') {
    const v = event.violation;
    return `${out.red('✗')} ${at}  ${out.red(v.rule)}  poll ${v.poll}${v.pointer ? ` ${v.pointer}` : ''}  ${v.message}`;
  }
  if (quiet) return undefined;
  if (event.kind === 'job') return `${out.dim('●')} ${at}  new job${event.state ? ` (${event.state})` : ''}`;
  const clean = event.violations === 0;
  return `${clean ? out.green('✓') : out.red('✗')} ${at}  ${event.state} after ${event.polls} poll${event.polls === 1 ? '' : 's'}, ${clean ? 'no violation' : `${event.violations} violation${event.violations === 1 ? '' : 's'}`}`;
}
