import { readFile, stat } from 'node:fs/promises';
import { JobkitError } from '../errors.js';
import { formatLocation, readBodyBatches } from '../io/bodies.js';
import { SequenceChecker, type Violation } from '../rules/check.js';
import { isObject, parseJsonLocated } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import type { Vendor } from '../vendors/registry.js';
import type { CheckReport } from './types.js';

export interface RecordingOptions {
  vendor: Vendor;
  file: string;
  /** For HAR files: keep the entries whose URL contains this. */
  url?: string;
}

interface Recorded {
  body?: unknown;
  status?: number;
  problem?: Violation['rule'];
  message?: string;
}

/**
 * Checks a recorded sequence offline: NDJSON (or a JSON array) of bodies, or a HAR file
 * filtered to the status URL. Recorded traffic is checked once; CI replays it for free.
 */
export async function checkRecording(options: RecordingOptions): Promise<CheckReport> {
  const started = performance.now();
  const checker = new SequenceChecker(options.vendor);
  const violations: Violation[] = [];
  const states: string[] = [];
  const problems: string[] = [];
  const notes: string[] = [];

  const feed = (item: Recorded) => {
    const poll = checker.polls + 1;
    if (item.problem) {
      violations.push({ rule: item.problem, poll, pointer: '', message: item.message ?? '' });
      return;
    }
    violations.push(...checker.check(item.body));
    const state = checker.lastState;
    if (state !== undefined && states[states.length - 1] !== state) states.push(state);
  };

  if (/\.har$/i.test(options.file)) {
    for (const item of await readHar(options.file, options.url)) feed(item);
  } else {
    for await (const batch of readBodyBatches(options.file))
      for (const item of batch) {
        if (item.kind === 'problem') {
          problems.push(`${formatLocation(item)}: ${item.message}`);
          continue;
        }
        feed({ body: item.body });
      }
  }
  if (checker.polls > 0 && !checker.terminal) {
    notes.push(`the recording ends while the job is "${checker.lastState ?? 'unknown'}" (not terminal)`);
  }
  const durationMs = performance.now() - started;
  const ok = violations.length === 0 && problems.length === 0 && checker.polls > 0;
  if (checker.polls === 0 && problems.length === 0)
    problems.push(`${options.file}: holds no bodies to check.`);
  return {
    name: `${options.vendor.name} recording ${options.file}`,
    source: options.file,
    ok,
    durationMs,
    problems,
    cases: [
      {
        name: `recording ${options.file}`,
        vendor: options.vendor.name,
        ok: violations.length === 0,
        violations,
        polls: checker.polls,
        durationMs,
        states,
        notes,
      },
    ],
  };
}

async function readHar(file: string, urlFilter: string | undefined): Promise<Recorded[]> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > 512 * 1024 * 1024)
      throw new JobkitError('input', `${file} is larger than 512 MiB; filter it to the status URL first.`, {
        file,
      });
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof JobkitError) throw error;
    throw new JobkitError(
      'input',
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      { file, cause: error },
    );
  }
  const parsed = parseJsonLocated(text);
  if (!parsed.ok)
    throw new JobkitError(
      'input',
      `${file}:${parsed.line}:${parsed.column}: invalid JSON (${parsed.reason}).`,
      { file },
    );
  const entries = getAt(parsed.value, '/log/entries');
  if (!Array.isArray(entries))
    throw new JobkitError('input', `${file}#/log/entries: a HAR file needs a log.entries array.`, {
      file,
      pointer: '/log/entries',
    });

  const gets = entries.filter(
    (e): e is Record<string, unknown> => isObject(e) && getAt(e, '/request/method') === 'GET',
  );
  let chosen = gets;
  if (urlFilter !== undefined) {
    chosen = gets.filter((e) => String(getAt(e, '/request/url')).includes(urlFilter));
    if (chosen.length === 0)
      throw new JobkitError('input', `${file}: no GET entry's URL contains "${urlFilter}".`, { file });
  } else {
    const json = gets.filter((e) => /json/i.test(String(getAt(e, '/response/content/mimeType') ?? '')));
    const urls = [...new Set(json.map((e) => String(getAt(e, '/request/url'))))];
    if (urls.length === 0)
      throw new JobkitError('input', `${file}: holds no GET entry with a JSON response.`, { file });
    if (urls.length > 1) {
      throw new JobkitError(
        'input',
        `${file}: holds ${urls.length} different JSON GET URLs; pick the status URL with --url. URLs:\n${urls
          .slice(0, 10)
          .map((u) => `  ${u}`)
          .join('\n')}`,
        { file },
      );
    }
    chosen = json;
  }
  // Each time parsed once, not twice per comparison; the stable sort keeps the same order.
  const timed = chosen.map((entry) => ({ entry, at: Date.parse(String(entry.startedDateTime)) }));
  timed.sort((a, b) => a.at - b.at);
  return timed.map(({ entry }) => {
    const status = Number(getAt(entry, '/response/status'));
    const content = getAt(entry, '/response/content');
    let body = isObject(content) && typeof content.text === 'string' ? content.text : '';
    if (isObject(content) && content.encoding === 'base64')
      body = Buffer.from(body, 'base64').toString('utf8');
    if (status !== 200) {
      return {
        problem: 'http-status' as const,
        message: `recorded GET ${String(getAt(entry, '/request/url'))} answered ${status}: ${body.slice(0, 200)}`,
      };
    }
    const json = parseJsonLocated(body);
    if (!json.ok)
      return {
        problem: 'json-body' as const,
        message: `recorded response is not JSON: ${JSON.stringify(body.slice(0, 120))}`,
      };
    return { body: json.value, status };
  });
}
