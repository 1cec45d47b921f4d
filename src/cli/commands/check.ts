import type { Progress } from '../../contract/reporters/progress.js';
import type { CheckReport } from '../../contract/types.js';
import { JobkitError } from '../../errors.js';
import type { Registry } from '../../vendors/registry.js';
import type { CliContext, Command } from '../context.js';
import { numberOption, writeOutput } from '../options.js';

const ms = (name: string, value: unknown) =>
  numberOption(name, value, (n) => Number.isInteger(n) && n >= 0, 'a whole number of milliseconds');

/** An HTTP header name is a token (RFC 9110); a value has no control characters but tab. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const HEADER_VALUE_BAD = /[\u0000-\u0008\u000a-\u001f\u007f]|[^\u0000-\u00ff]/;

function parseHeaders(values: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const raw of (values as string[] | undefined) ?? []) {
    const colon = raw.indexOf(':');
    if (colon <= 0) throw new JobkitError('usage', `--header must look like "Name: value", not "${raw}".`);
    const name = raw.slice(0, colon).trim();
    const value = raw.slice(colon + 1).trim();
    if (!HEADER_NAME.test(name))
      throw new JobkitError(
        'usage',
        `--header ${JSON.stringify(raw)}: ${JSON.stringify(name)} is not a header name (letters, digits and !#$%&'*+-.^_\`|~ only, no spaces).`,
      );
    if (HEADER_VALUE_BAD.test(value))
      throw new JobkitError(
        'usage',
        `--header ${JSON.stringify(raw)}: the value holds a character a header cannot carry (a control character or one beyond Latin-1); encode it first.`,
      );
    headers[name] = value;
  }
  return headers;
}

/** An http(s) URL whose path decodes, or a usage error naming the option. */
export function httpUrlOption(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new JobkitError('usage', `--${name} must be an http(s) URL, not "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new JobkitError('usage', `--${name} must be an http(s) URL, not "${value}".`);
  try {
    decodeURIComponent(url.pathname);
  } catch {
    throw new JobkitError(
      'usage',
      `--${name} "${value}" has a malformed percent-encoding in its path (a % must be followed by two hex digits; write %25 for a literal %).`,
    );
  }
  return url;
}

export const checkCommand: Command = {
  name: 'check',
  summary:
    'Check a real or mock job-status API: every body against the schema, the sequence against the lifecycle',
  usage:
    'jobkit check --vendor V --url URL | --vendor V --recording FILE | <suite...> [--base-url URL]  [--reporter text|json|junit] [--output FILE]',
  description: [
    'Quick mode:  jobkit check --vendor V --url URL [--interval-ms 500] [--timeout-ms 60000] [--header "K: V"]...',
    '             [--allow-static] [--max-body-bytes N]',
    '             polls one status URL until the job is terminal or the timeout passes (an upper bound).',
    'Recording:   jobkit check --vendor V --recording FILE [--url PART]   (NDJSON of bodies, or a HAR file)',
    '             --client-report adds how the client polled each job (exit 1 on a finding).',
    'Suites:      jobkit check contracts/posthog.yaml [--base-url http://127.0.0.1:4010] [--concurrency 4]',
    '             suites run side by side, and so do poll steps that do not need each other; the report',
    '             keeps the input order. Undefined {variables} and a missing base URL stop before any request.',
    'Every violation names its rule, the poll, the JSON pointer and the previous and current values.',
    'Exit 0 when every check passes, 1 when a rule is broken, 2 for usage errors or unreadable input.',
  ].join('\n'),
  options: {
    vendor: {
      type: 'string',
      value: 'V',
      description: 'The vendor whose schema and lifecycle apply (quick and recording modes).',
    },
    url: {
      type: 'string',
      value: 'URL',
      description: 'Status URL to poll; with --recording, keep HAR entries whose URL contains it.',
    },
    recording: { type: 'string', value: 'FILE', description: 'Check a recorded sequence offline.' },
    'base-url': {
      type: 'string',
      value: 'URL',
      description: "Base URL for suites (overrides the suite's baseUrl).",
    },
    'interval-ms': {
      type: 'string',
      value: 'MS',
      description: "Time between polls (default 500; for suites, overrides each step's intervalMs).",
    },
    'timeout-ms': {
      type: 'string',
      value: 'MS',
      default: '60000',
      description: 'Give up (terminal-timeout) after this long.',
    },
    header: {
      type: 'string',
      multiple: true,
      value: 'K: V',
      description: 'Request header for quick mode (repeatable).',
    },
    'allow-static': {
      type: 'boolean',
      description:
        'Accept a static mock (e.g. Prism) on purpose: a body for another job ends polling with a note, not an id-matches-request failure.',
    },
    'max-body-bytes': {
      type: 'string',
      value: 'N',
      description: 'The most a response body may hold (default 8388608, 8 MiB); past it, body-too-large.',
    },
    concurrency: {
      type: 'string',
      value: 'N',
      description: 'Suites: how many steps run at once (default 4; 1 runs one after another).',
    },
    'client-report': {
      type: 'boolean',
      description: 'With --recording: report how the client polled (intervals, Retry-After, after terminal).',
    },
    'min-interval-ms': {
      type: 'string',
      value: 'MS',
      description: 'With --client-report: polls closer than this are too fast (default 500).',
    },
    reporter: { type: 'string', value: 'text|json|junit', default: 'text', description: 'Report format.' },
    output: { type: 'string', value: 'FILE', description: 'Write the report to FILE (required for junit).' },
  },
  examples: [
    'jobkit check --vendor weaviate --url http://127.0.0.1:4010/v1/export/filesystem/backup-1',
    'jobkit check contracts/*.yaml --base-url http://127.0.0.1:4010 --reporter junit --output junit.xml',
    'jobkit check --vendor pinpoint --recording traffic.har --url /jobs/export/',
  ],
  async run(ctx, { values, positionals }) {
    // Each mode imports only its own runner: suites bring Ajv and YAML, which a recording never needs.
    const { isReporterName, renderReport } = await import('../../contract/reporters/index.js');
    const { createProgress } = await import('../../contract/reporters/progress.js');
    const reporter = String(values.reporter);
    if (!isReporterName(reporter))
      throw new JobkitError('usage', `--reporter must be text, json or junit, not "${reporter}".`);
    if (reporter === 'junit' && typeof values.output !== 'string') {
      throw new JobkitError(
        'usage',
        '--reporter junit writes a file: add --output FILE (e.g. --output junit.xml).',
      );
    }
    const intervalMs =
      values['interval-ms'] === undefined ? undefined : ms('interval-ms', values['interval-ms']);
    const timeoutMs = ms('timeout-ms', values['timeout-ms']);
    if (typeof values['base-url'] === 'string') httpUrlOption('base-url', values['base-url']);
    const live = ctx.stderr.isTTY === true && reporter === 'text' && ctx.env.CI === undefined;
    const mode: ModeContext = {
      ctx,
      values,
      ...(intervalMs === undefined ? {} : { intervalMs }),
      timeoutMs,
      registry: ctx.registry(),
      progress: createProgress(ctx.stderr, live),
      usage: this.usage,
    };
    const reports = positionals.length > 0 ? await checkSuites(mode, positionals) : await checkOne(mode);

    let text = renderReport(reporter, reports, ctx.out);
    if (reporter === 'text') text += await clientText(reports, ctx);
    if (typeof values.output === 'string') {
      writeOutput(values.output, text, `the report to ${values.output}`);
      if (reporter !== 'text') ctx.stdout.write(renderReport('text', reports, ctx.out));
    } else {
      ctx.stdout.write(text);
    }
    if (reports.some((r) => r.problems.length > 0)) return 2;
    return reports.every((r) => r.ok && r.clientReport?.ok !== false) ? 0 : 1;
  },
};

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
}

/** The client reports, as text after the contract report. */
async function clientText(reports: CheckReport[], ctx: CliContext): Promise<string> {
  const wanted = reports.filter((r) => r.clientReport !== undefined);
  if (wanted.length === 0) return '';
  const { renderClientReport } = await import('../../contract/client-report-text.js');
  return `\n${wanted.map((r) => renderClientReport(r.clientReport as NonNullable<CheckReport['clientReport']>, ctx.out)).join('\n')}`;
}

interface ModeContext {
  ctx: CliContext;
  values: Record<string, unknown>;
  /** --interval-ms when given: for suites it overrides each step's own interval. */
  intervalMs?: number;
  timeoutMs: number;
  registry: Registry;
  progress: Progress;
  usage: string;
}

async function checkSuites(mode: ModeContext, files: string[]): Promise<CheckReport[]> {
  const { values, registry, progress } = mode;
  if (
    (typeof values.vendor === 'string' && values.vendor) ||
    (typeof values.recording === 'string' && values.recording)
  )
    throw new JobkitError(
      'usage',
      'Pass either suite files, or --vendor with --url or --recording; not both.',
    );
  const { createSuiteLoader, DEFAULT_CONCURRENCY, runSuites } = await import('../../contract/suite.js');
  const concurrency =
    values.concurrency === undefined
      ? DEFAULT_CONCURRENCY
      : numberOption(
          'concurrency',
          values.concurrency,
          (n) => Number.isInteger(n) && n >= 1,
          'a whole number of at least 1',
        );
  const baseUrl = typeof values['base-url'] === 'string' ? values['base-url'] : undefined;
  if (baseUrl !== undefined && !isHttpUrl(baseUrl))
    throw new JobkitError(
      'usage',
      `--base-url must be an http(s) URL (e.g. http://127.0.0.1:4010), not "${baseUrl}".`,
    );
  // Every suite is loaded and checked (variables, base URL, headers) before the first request.
  const loader = createSuiteLoader();
  const env = mode.ctx.env;
  const suites = files.map((p) => loader.load(p, registry, { baseUrl, env, requireBase: true }));
  const label = (e: { suite: string; step: string }) => `${e.suite} › ${e.step}`;
  const reports = await runSuites(suites, {
    registry,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    env,
    concurrency,
    ...(mode.intervalMs === undefined ? {} : { intervalMs: mode.intervalMs }),
    onPoll: (e) => progress.listener(label(e))(e),
    onStep: (e) => {
      if (e.phase === 'end') progress.end(label(e));
    },
  });
  progress.clear();
  return reports;
}

/** Quick mode (poll one URL) or a recording: both need --vendor. */
async function checkOne(mode: ModeContext): Promise<CheckReport[]> {
  const { values, registry, progress } = mode;
  const vendorName = typeof values.vendor === 'string' ? values.vendor : undefined;
  const url = typeof values.url === 'string' ? values.url : undefined;
  const recording = typeof values.recording === 'string' ? values.recording : undefined;
  if (!vendorName)
    throw new JobkitError(
      'usage',
      `check needs suite files, or --vendor with --url or --recording.\nUsage: ${mode.usage}`,
    );
  const vendor = registry.get(vendorName);
  const wantsClient = values['client-report'] === true;
  if (wantsClient && !recording)
    throw new JobkitError(
      'usage',
      '--client-report reads a recording: add --recording FILE (a HAR file gives intervals and Retry-After). To watch a live client, use jobkit record.',
    );
  if (recording) {
    const minIntervalMs =
      values['min-interval-ms'] === undefined ? undefined : ms('min-interval-ms', values['min-interval-ms']);
    const { checkRecording } = await import('../../contract/recording.js');
    const report = await checkRecording({ vendor, file: recording, ...(url ? { url } : {}) });
    if (wantsClient && report.problems.length === 0) {
      const { clientReport } = await import('../../rules/client-report.js');
      const { pollsFromRecording } = await import('../../contract/client-polls.js');
      const polls = await pollsFromRecording(vendor, recording, url);
      report.clientReport = clientReport(polls, minIntervalMs === undefined ? {} : { minIntervalMs });
    }
    return [report];
  }
  if (!url)
    throw new JobkitError(
      'usage',
      `--vendor needs --url (poll a live job) or --recording (check a recorded one).\nUsage: ${mode.usage}`,
    );
  // Every option is checked before the first request: a usage error never costs a poll.
  httpUrlOption('url', url);
  const headers = parseHeaders(values.header);
  const maxBodyBytes =
    values['max-body-bytes'] === undefined
      ? undefined
      : numberOption(
          'max-body-bytes',
          values['max-body-bytes'],
          (n) => Number.isInteger(n) && n > 0,
          'a whole number of bytes above 0',
        );
  const { pollJob } = await import('../../contract/poll.js');
  const started = performance.now();
  const result = await pollJob({
    vendor,
    url,
    headers,
    intervalMs: mode.intervalMs ?? 500,
    timeoutMs: mode.timeoutMs,
    onPoll: progress.listener(vendor.name),
    registry,
    allowStatic: values['allow-static'] === true,
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });
  progress.clear();
  return [
    {
      name: `${vendor.name} ${url}`,
      source: url,
      cases: [result],
      ok: result.ok,
      durationMs: performance.now() - started,
      problems: [],
    },
  ];
}
