/**
 * The one error type jobkit throws on purpose. The CLI catches it once and prints `message`
 * (no stack trace); anything else reaching the CLI edge is a bug and is reported as such.
 */
export type JobkitErrorCode =
  | 'usage'
  | 'input'
  | 'vendor-unknown'
  | 'vendor-load'
  | 'schema-load'
  | 'lifecycle-load';

export class JobkitError extends Error {
  override readonly name = 'JobkitError';
  readonly code: JobkitErrorCode;
  /** 2 = usage or input error (the CLI's exit code). */
  readonly exitCode: number;

  constructor(code: JobkitErrorCode, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = options?.exitCode ?? 2;
  }
}

export function isJobkitError(error: unknown): error is JobkitError {
  return error instanceof JobkitError;
}
