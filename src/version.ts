import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_ROOT } from './paths.js';

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(BUILTIN_ROOT, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/** jobkit's version, from its package.json, read once when the module loads. */
const VERSION = readVersion();

export function version(): string {
  return VERSION;
}
