import { readFile, stat } from 'node:fs/promises';
import { JobkitError } from '../errors.js';
import { formatLocation, readBodyBatches } from '../io/bodies.js';
import { parseDataText } from '../util/data-text.js';
import { isObject, parseJsonLocated } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import type { Vendor } from '../vendors/registry.js';
import { SequenceJudge } from './check-sequence.js';
import { observation } from './observation.js';
import type { CheckReport } from './types.js';

export interface RecordingOptions {
  vendor: Vendor;
  file: string;
  /** For HAR files: keep the entries whose URL contains this. */
  url?: string;
}

/**
 * Checks a recorded sequence offline: NDJSON (or a JSON array) of bodies, or a HAR file
 * filtered to the status URL. Recorded traffic is checked once; CI replays it for free.
 */
export async function checkRecording(options: RecordingOptions): Promise<CheckReport> {
  const { file, vendor } = options;
  const judge = new SequenceJudge(vendor, { name: `recording ${file}`, label: 'recording' });
  const problems: string[] = [];
  if (/\.har$/i.test(file)) judge.addAll(await readHar(file, options.url));
  else
    for await (const batch of readBodyBatches(file))
      for (const item of batch) {
        if (item.kind === 'problem') problems.push(`${formatLocation(item)}: ${item.message}`);
        else judge.add(item.body);
      }
  // A recording's report names its source instead of repeating its last body.
  const { lastBody: _last, ...result } = judge.result();
  const ok = result.ok && problems.length === 0 && result.polls > 0;
  if (result.polls === 0 && problems.length === 0) problems.push(`${file}: holds no bodies to check.`);
  return {
    name: `${vendor.name} recording ${file}`,
    source: file,
    ok,
    durationMs: result.durationMs,
    problems,
    cases: [result],
  };
}

/** A HAR file's GET entries for the status URL, in time order: bodies, or failed answers. */
async function readHar(file: string, urlFilter: string | undefined): Promise<unknown[]> {
  const chosen = statusEntries(file, await harEntries(file), urlFilter);
  // Each time parsed once, not twice per comparison; the stable sort keeps the same order.
  const timed = chosen.map((entry) => ({ entry, at: Date.parse(String(entry.startedDateTime)) }));
  timed.sort((a, b) => a.at - b.at);
  return timed.map(({ entry }) => recordedItem(entry));
}

/** The log.entries array of a HAR file. */
export async function harEntries(file: string): Promise<unknown[]> {
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
  const parsed = parseDataText(text, file, 'json');
  if (!parsed.ok) throw new JobkitError('input', `${file}${parsed.at}: ${parsed.reason}.`, { file });
  const entries = getAt(parsed.value, '/log/entries');
  if (!Array.isArray(entries))
    throw new JobkitError('input', `${file}#/log/entries: a HAR file needs a log.entries array.`, {
      file,
      pointer: '/log/entries',
    });
  return entries;
}

/** The GET entries of the status URL: the one --url picks, or the only URL answering JSON. */
export function statusEntries(
  file: string,
  entries: unknown[],
  urlFilter: string | undefined,
): Record<string, unknown>[] {
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
  return chosen;
}

/** A recorded answer as the judge takes it: the body, or the failure a live poll would have been. */
function recordedItem(entry: Record<string, unknown>): unknown {
  const status = Number(getAt(entry, '/response/status'));
  const content = getAt(entry, '/response/content');
  let body = isObject(content) && typeof content.text === 'string' ? content.text : '';
  if (isObject(content) && content.encoding === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
  if (status !== 200) {
    return observation({
      kind: 'failure',
      rule: 'http-status',
      message: `recorded GET ${String(getAt(entry, '/request/url'))} answered ${status}: ${body.slice(0, 200)}`,
    });
  }
  const json = parseJsonLocated(body);
  if (!json.ok)
    return observation({
      kind: 'failure',
      rule: 'json-body',
      message: `recorded response is not JSON: ${JSON.stringify(body.slice(0, 120))}`,
    });
  return json.value;
}
