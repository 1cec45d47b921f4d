import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { JobkitError } from '../errors.js';
import { deeperThan, formatLocation, MAX_BODY_DEPTH, readBodyBatches, TOO_DEEP } from '../io/bodies.js';
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
  if (result.polls === 0 && problems.length === 0) problems.push(`${file}: holds no bodies to check.`);
  const report = {
    name: `${vendor.name} recording ${file}`,
    source: file,
    ok: result.ok && problems.length === 0,
    durationMs: result.durationMs,
    problems,
  };
  // Nothing read is no check: the report holds only its errors, so no reporter counts a pass.
  if (result.polls === 0) return { ...report, cases: [] };
  if (problems.length === 0) return { ...report, cases: [result] };
  // Part of it read: what was read is judged, but a sequence with holes does not pass.
  const notes = [
    ...result.notes,
    `${problems.length} part${problems.length === 1 ? '' : 's'} of the recording could not be read (listed below): the sequence was checked without them and does not pass until they are fixed`,
  ];
  return { ...report, cases: [{ ...result, ok: false, notes }] };
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
  let text: string | undefined;
  try {
    const info = await stat(file);
    if (info.isDirectory())
      throw new JobkitError('input', `${file} is a directory; pass the HAR file in it.`, { file });
    // A FIFO or a pipe has no size before it is read: the limit is applied while reading.
    if (!info.isFile() || info.size <= MAX_HAR_BYTES) text = await readAtMost(file, MAX_HAR_BYTES);
    if (text === undefined)
      throw new JobkitError('input', `${file} is larger than 512 MiB; filter it to the status URL first.`, {
        file,
      });
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

const MAX_HAR_BYTES = 512 * 1024 * 1024;

/** A file's text, or undefined once it passes `max` bytes (reading stops there). */
async function readAtMost(file: string, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
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
  if (body.length > MAX_BODY_DEPTH * 2 && deeperThan(json.value, MAX_BODY_DEPTH))
    return observation({ kind: 'failure', rule: 'json-body', message: `recorded response ${TOO_DEEP}` });
  return json.value;
}
