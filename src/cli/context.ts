import type { Readable, Writable } from 'node:stream';
import type { Style } from '../util/style.js';
import type { Registry } from '../vendors/registry.js';

/** What a command may touch. Tests build one around in-memory streams. */
export interface CliContext {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  /** Created on demand from --vendors and JOBKIT_VENDORS. */
  registry(): Registry;
  /** The vendor folders registry() loads (JOBKIT_VENDORS, then --vendors), for a command adding its own. */
  vendorRoots?: readonly { dir: string; from: string }[];
  out: Style;
  err: Style;
}

export interface CommandOption {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  /** Shown in help: `--format <text|json>`. */
  value?: string;
  /**
   * A string option whose value may be left out (`--require-auth` alone, or `--require-auth a,b`):
   * alone, it reads as "". A following word that starts with `-` is never taken as its value.
   */
  optionalValue?: boolean;
  description: string;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  description?: string;
  options: Record<string, CommandOption>;
  examples?: string[];
  run(ctx: CliContext, args: { values: Record<string, unknown>; positionals: string[] }): Promise<number>;
}
