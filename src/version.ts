import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_ROOT } from './paths.js';

let cached: string | undefined;

/** jobkit's version, from its package.json. */
export function version(): string {
  if (cached) return cached;
  try {
    cached = (JSON.parse(readFileSync(join(BUILTIN_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    cached = 'unknown';
  }
  return cached;
}
