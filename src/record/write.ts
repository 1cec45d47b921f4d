import { writeFileSync } from 'node:fs';
import { JobkitError } from '../errors.js';
import { type Exchange, jsonOf } from './exchange.js';
import { toHar } from './har.js';
import type { StatusRoutes } from './routes.js';

/**
 * Writes the recording: a `.har` file holds every exchange (secrets redacted unless `redact` is
 * false); `.ndjson`/`.jsonl` holds the status bodies, one per line, as `check --recording` reads
 * them. A sequence is one job's, so with several jobs NDJSON is one file per job (FILE.<job>.ndjson).
 */
export function writeRecording(
  out: string,
  exchanges: readonly Exchange[],
  options: { redact: boolean; routes: StatusRoutes },
): string[] {
  if (/\.har$/i.test(out)) {
    write(out, `${JSON.stringify(toHar(exchanges, options), null, 2)}\n`);
    return [out];
  }
  const byJob = new Map<string, string[]>();
  for (const e of exchanges) {
    if (e.method !== 'GET' || e.status !== 200) continue;
    const match = options.routes.match(pathOf(e.url))[0];
    const json = match ? jsonOf(e) : { ok: false as const };
    if (!match || !json.ok) continue;
    const lines = byJob.get(match.jobId) ?? [];
    lines.push(JSON.stringify(json.value));
    byJob.set(match.jobId, lines);
  }
  if (byJob.size <= 1) {
    write(
      out,
      [...byJob.values()]
        .flat()
        .map((l) => `${l}\n`)
        .join(''),
    );
    return [out];
  }
  const files: string[] = [];
  const dot = out.lastIndexOf('.');
  for (const [job, lines] of byJob) {
    const file = `${out.slice(0, dot)}.${job.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}${out.slice(dot)}`;
    write(file, lines.map((l) => `${l}\n`).join(''));
    files.push(file);
  }
  return files;
}

/** The recording's format from its name: a usage error before any traffic, not after. */
export function checkOutName(out: string): void {
  if (!/\.(har|ndjson|jsonl)$/i.test(out))
    throw new JobkitError('usage', `--out must end in .har or .ndjson (or .jsonl), not "${out}".`);
}

function write(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new JobkitError(
      'input',
      `Cannot write the recording to ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      { file, cause: error },
    );
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
