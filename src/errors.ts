/**
 * The one error type jobkit throws on purpose. The CLI catches it once, prints `message` (no stack
 * trace) and maps `code` to its exit status; anything else reaching the CLI edge is a bug and is
 * reported as such. Library callers branch on `code` and read `file`/`pointer` instead of parsing
 * the message.
 */
export type JobkitErrorCode =
  | 'usage'
  | 'input'
  | 'vendor-unknown'
  | 'vendor-load'
  | 'schema-load'
  | 'lifecycle-load';

export interface JobkitErrorOptions {
  /** The file (or folder) at fault, as the message names it. */
  file?: string;
  /** The JSON Pointer of the faulty value inside `file`. */
  pointer?: string;
  cause?: unknown;
}

export class JobkitError extends Error {
  override readonly name = 'JobkitError';
  readonly code: JobkitErrorCode;
  readonly file?: string;
  readonly pointer?: string;

  constructor(code: JobkitErrorCode, message: string, options: JobkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.pointer = options.pointer;
  }
}

export function isJobkitError(error: unknown): error is JobkitError {
  return error instanceof JobkitError;
}
