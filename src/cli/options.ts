import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { JobkitError } from '../errors.js';

/**
 * A numeric option value, or a usage error worded `--NAME must be WHAT, not "VALUE".`.
 * An empty value is refused: Number('') is 0, which would let `--port=` mean port 0.
 */
export function numberOption(
  name: string,
  value: unknown,
  check: (n: number) => boolean,
  what: string,
): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isFinite(n) || !check(n)) {
    throw new JobkitError('usage', `--${name} must be ${what}, not "${String(value)}".`);
  }
  return n;
}

/**
 * Writes a command's output file. A failure is an input error (exit 2) naming the file and the
 * system's error code, not a stack trace. `what` words the file for the message (default: its path).
 */
export function writeOutput(path: string, text: string, what: string = path): void {
  try {
    // A CI job's report folder often does not exist yet.
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new JobkitError(
      'input',
      `Cannot write ${what}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      { file: path, cause: error },
    );
  }
}
