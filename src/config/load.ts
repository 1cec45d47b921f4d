import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { JobkitError } from '../errors.js';
import type { CorsOptions } from '../mock/cors.js';
import type { ScenarioRule } from '../mock/scenarios.js';
import { BUILTIN_ROOT } from '../paths.js';
import { createAjv } from '../schema/ajv.js';
import { toIssues } from '../schema/issues.js';
import { parseJsonLocated } from '../util/json.js';

/** The file `jobkit serve` reads from its working folder when no --config names one. */
export const CONFIG_FILE = 'jobkit.config.json';
export const CONFIG_SCHEMA_PATH = join(BUILTIN_ROOT, 'mocks', 'jobkit.config.schema.json');

/** A job the config creates at start, as POST /__jobkit/jobs takes it. */
export interface ConfigJob {
  vendor: string;
  scenario?: string;
  id?: string;
  params?: Record<string, string>;
}

/** jobkit.config.json, checked, with its paths made absolute (see mocks/jobkit.config.schema.json). */
export interface JobkitConfig {
  /** The file it was read from. */
  file: string;
  port?: number;
  grpcPort?: number;
  host?: string;
  seed?: number;
  speed?: number;
  clock?: 'real' | 'manual';
  demo?: boolean;
  vendors?: string[];
  cors?: CorsOptions;
  /** Check credentials: every vendor's (true) or those named. */
  requireAuth?: boolean | string[];
  /** Request windows by vendor, or false for none. */
  rateLimits?: Record<string, { limit: number; windowSeconds: number } | false>;
  defaultScenarios?: Record<string, string>;
  scenarios?: ScenarioRule[];
  faults?: Record<string, unknown>[];
  jobs?: ConfigJob[];
}

/** The config file to read: the one named, else jobkit.config.json in `cwd` if there is one. */
export function findConfig(cwd: string, named?: string): string | undefined {
  if (named !== undefined) return resolve(cwd, named);
  const here = join(cwd, CONFIG_FILE);
  return existsSync(here) ? here : undefined;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new JobkitError('input', `Cannot read the config file ${file}: ${code}.`, { file, cause: error });
  }
}

/**
 * Reads and checks a config file against its JSON Schema: a problem is an input error naming the
 * file, the pointer and what was wrong. Names of vendors, scenarios and faults are checked later,
 * against the vendors the mock serves.
 */
export function loadConfig(file: string): JobkitConfig {
  const parsed = parseJsonLocated(readText(file));
  if (!parsed.ok)
    throw new JobkitError(
      'input',
      `${file} is not JSON: line ${parsed.line} column ${parsed.column}: ${parsed.reason}.`,
      { file },
    );
  const validate = createAjv().compile(JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')));
  if (!validate(parsed.value)) {
    const issue = toIssues(validate.errors, parsed.value)[0];
    const at = issue?.pointer || '(the top level)';
    throw new JobkitError('input', `${file}: ${at} ${issue?.message ?? 'does not fit the config schema'}.`, {
      file,
      ...(issue ? { pointer: issue.pointer } : {}),
    });
  }
  const { $schema: _, ...config } = parsed.value as Omit<JobkitConfig, 'file'> & { $schema?: string };
  const base = dirname(file);
  return {
    ...config,
    file,
    ...(config.vendors ? { vendors: config.vendors.map((dir) => resolve(base, dir)) } : {}),
  };
}

/** The config's default scenarios and rules as the mock's starting rules, defaults first (the newest wins). */
export function configRules(config: JobkitConfig | undefined): ScenarioRule[] {
  if (!config) return [];
  const defaults = Object.entries(config.defaultScenarios ?? {}).map(([vendor, scenario]) => ({
    vendor,
    scenario,
  }));
  return [...defaults, ...(config.scenarios ?? [])];
}
