import { readBodyBatches } from '../io/bodies.js';
import { type ClientPoll, retryAfterMs } from '../rules/client-report.js';
import { ruleModel } from '../rules/model.js';
import { isObject, parseJsonLocated } from '../util/json.js';
import { getAt } from '../util/pointer.js';
import type { Vendor } from '../vendors/registry.js';
import { harEntries, statusEntries } from './recording.js';

/** The status a body holds, and whether the vendor calls it terminal (own states only). */
export function bodyState(vendor: Vendor, body: unknown): { state?: string; terminal: boolean } {
  const value = vendor.readStatus(body);
  if (typeof value !== 'string') return { terminal: false };
  const states = vendor.lifecycle.status.states;
  const known = Object.hasOwn(states, value) ? states[value] : undefined;
  return { state: value, terminal: known?.terminal !== undefined };
}

/**
 * The polls a recording holds, for the client report. A HAR file gives each poll's times, status and
 * Retry-After (the same GET entries `check --recording` judges, grouped by URL path); NDJSON of
 * bodies gives only their order, grouped by the job's id.
 */
export async function pollsFromRecording(
  vendor: Vendor,
  file: string,
  urlFilter?: string,
): Promise<ClientPoll[]> {
  if (/\.har$/i.test(file))
    return statusEntries(file, await harEntries(file), urlFilter).map(harPoll(vendor));
  const idPointer = idPointerOf(vendor);
  const polls: ClientPoll[] = [];
  for await (const batch of readBodyBatches(file))
    for (const item of batch) {
      if (item.kind !== 'body') continue;
      const id = idPointer === undefined ? undefined : getAt(item.body, idPointer);
      const job = typeof id === 'string' || typeof id === 'number' ? String(id) : file;
      polls.push({ job, status: 200, ...bodyState(vendor, item.body) });
    }
  return polls;
}

/** Where a body holds the job's id (the first id field the lifecycle file declares). */
function idPointerOf(vendor: Vendor): string | undefined {
  return ruleModel(vendor).ids[0];
}

function harPoll(vendor: Vendor): (entry: Record<string, unknown>) => ClientPoll {
  return (entry) => {
    const url = String(getAt(entry, '/request/url'));
    const started = Date.parse(String(entry.startedDateTime));
    const time = Number(entry.time);
    const status = Number(getAt(entry, '/response/status'));
    const poll: ClientPoll = { job: pathOf(url), status, terminal: false };
    if (!Number.isNaN(started)) {
      poll.startedMs = started;
      poll.endedMs = started + (Number.isFinite(time) && time > 0 ? time : 0);
      const after = retryAfterMs(headerOf(entry, 'retry-after'), poll.endedMs);
      if (after !== undefined) poll.retryAfterMs = after;
    }
    if (status === 200) {
      const content = getAt(entry, '/response/content');
      let text = isObject(content) && typeof content.text === 'string' ? content.text : '';
      if (isObject(content) && content.encoding === 'base64')
        text = Buffer.from(text, 'base64').toString('utf8');
      const json = parseJsonLocated(text);
      if (json.ok) Object.assign(poll, bodyState(vendor, json.value));
    }
    return poll;
  };
}

/** A response header of a HAR entry, by name in any case. */
function headerOf(entry: Record<string, unknown>, name: string): string | undefined {
  const headers = getAt(entry, '/response/headers');
  if (!Array.isArray(headers)) return undefined;
  for (const h of headers)
    if (isObject(h) && String(h.name).toLowerCase() === name && typeof h.value === 'string') return h.value;
  return undefined;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
