import { configRules, findConfig, type JobkitConfig, loadConfig } from '../../config/load.js';
import { JobkitError } from '../../errors.js';
import type { CorsOptions } from '../../mock/cors.js';
import type { RateLimitOverride } from '../../mock/rate-limit/index.js';
import type { ScenarioRule } from '../../mock/scenarios.js';
import { parseScenarioFlag } from '../../mock/scenarios.js';
import type { Command } from '../context.js';
import { numberOption } from '../options.js';

type Values = Parameters<Command['run']>[1]['values'];

/** What a setting is when neither a flag nor the config file gives it. */
export const SERVE_DEFAULTS = { port: 4010, host: '127.0.0.1', seed: 1, speed: 1, clock: 'real' } as const;

/** Every setting of `jobkit serve`, each from its flag, else the config file, else its default. */
export interface ServeSettings {
  port: number;
  /** The gRPC health service's port, when asked for (--grpc-port, or grpcPort in the file). */
  grpcPort?: number;
  host: string;
  seed: number;
  speed: number;
  clock: 'real' | 'manual';
  demo: boolean;
  maxJobs: number;
  ttl: number;
  graceMs: number;
  /** The config's default scenarios and rules, then the --scenario flags (the newest wins). */
  scenarios: ScenarioRule[];
  cors?: CorsOptions;
  /** Whose credentials are checked: every vendor (true) or those named, from the flag or the config. */
  requireAuth?: RequireAuthSetting;
  /** Request windows by vendor: the config's, then the --rate-limit flags. */
  rateLimits?: Record<string, RateLimitOverride>;
  /** Vendor folders the config names (--vendors and JOBKIT_VENDORS come on top). */
  vendorDirs: string[];
  config?: JobkitConfig;
}

/** --require-auth as given: every vendor, or the vendors named and where they were named. */
export type RequireAuthSetting = true | { vendors: string[]; from: string };

/** `--require-auth` alone is every vendor; a value is a comma-separated list of vendor names. */
function requireAuthSetting(
  values: Values,
  config: JobkitConfig | undefined,
): RequireAuthSetting | undefined {
  const given = values['require-auth'];
  if (given === undefined) {
    const fromConfig = config?.requireAuth;
    if (fromConfig === undefined || fromConfig === false) return undefined;
    return fromConfig === true ? true : { vendors: fromConfig, from: `requireAuth in ${config?.file}` };
  }
  const text = String(given).trim();
  if (text === '') return true;
  const vendors = text.split(',').map((v) => v.trim());
  if (vendors.some((v) => v === ''))
    throw new JobkitError('usage', `--require-auth takes vendor names separated by commas, not "${text}".`);
  return { vendors, from: '--require-auth' };
}

const RATE_LIMIT = /^([^=\s]+)=(?:(off)|(\d+)\/(\d+(?:\.\d+)?))$/;

/** The config's rateLimits, then each `--rate-limit VENDOR=N/SECONDS` or `VENDOR=off` on top. */
function rateLimitSettings(
  values: Values,
  config: JobkitConfig | undefined,
): Record<string, RateLimitOverride> | undefined {
  const out: Record<string, RateLimitOverride> = {};
  for (const [vendor, v] of Object.entries(config?.rateLimits ?? {}))
    out[vendor] =
      v === false ? false : { limit: v.limit, windowMs: Math.max(1, Math.round(v.windowSeconds * 1000)) };
  for (const text of (values['rate-limit'] as string[] | undefined) ?? []) {
    const m = RATE_LIMIT.exec(text);
    const limit = Number(m?.[3]);
    const windowMs = Math.round(Number(m?.[4]) * 1000);
    if (!m || (!m[2] && (limit < 1 || windowMs < 1)))
      throw new JobkitError(
        'usage',
        `--rate-limit must be vendor=requests/seconds (dakera=100/60) or vendor=off, not "${text}".`,
      );
    out[m[1] as string] = m[2] ? false : { limit, windowMs };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The flag's value when given, else the config's, else the default, as the flag's text. */
function pick(values: Values, name: string, fromConfig: unknown, fallback: unknown): string {
  const given = values[name];
  if (given !== undefined) return String(given);
  return String(fromConfig ?? fallback);
}

function scenarioFlags(values: Values): ScenarioRule[] {
  return ((values.scenario as string[] | undefined) ?? []).map((text) => {
    const rule = parseScenarioFlag(text);
    if (!rule)
      throw new JobkitError(
        'usage',
        `--scenario must be vendor=scenario, like pinpoint=failure, not "${text}".`,
      );
    return rule;
  });
}

/** The settings, the config file read (--config, else jobkit.config.json in `cwd` if any). */
export function serveSettings(values: Values, cwd: string): ServeSettings {
  const file = findConfig(cwd, values.config as string | undefined);
  const config = file === undefined ? undefined : loadConfig(file);
  const port = numberOption(
    'port',
    pick(values, 'port', config?.port, SERVE_DEFAULTS.port),
    (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
    'a port number (0–65535)',
  );
  const grpcGiven = values['grpc-port'] ?? config?.grpcPort;
  const grpcPort =
    grpcGiven === undefined
      ? undefined
      : numberOption(
          'grpc-port',
          String(grpcGiven),
          (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
          'a port number (0–65535)',
        );
  if (grpcPort !== undefined && grpcPort !== 0 && grpcPort === port)
    throw new JobkitError(
      'usage',
      `--grpc-port ${grpcPort} is the HTTP port too: give it a port of its own.`,
    );
  const seed = numberOption(
    'seed',
    pick(values, 'seed', config?.seed, SERVE_DEFAULTS.seed),
    Number.isInteger,
    'an integer',
  );
  const speed = numberOption(
    'speed',
    pick(values, 'speed', config?.speed, SERVE_DEFAULTS.speed),
    (n) => n > 0 && n <= 100_000,
    'a positive number',
  );
  const clock = pick(values, 'clock', config?.clock, SERVE_DEFAULTS.clock);
  if (clock !== 'real' && clock !== 'manual')
    throw new JobkitError('usage', `--clock must be real or manual, not "${clock}".`);
  const maxJobs = numberOption(
    'max-jobs',
    values['max-jobs'],
    (n) => Number.isInteger(n) && n > 0,
    'a positive integer',
  );
  const ttl = numberOption('finished-ttl', values['finished-ttl'], (n) => n >= 0, 'seconds ≥ 0');
  const graceMs = numberOption(
    'grace-ms',
    values['grace-ms'],
    (n) => Number.isInteger(n) && n >= 0 && n <= 2 ** 31 - 1,
    'milliseconds (an integer ≥ 0)',
  );
  const requireAuth = requireAuthSetting(values, config);
  const rateLimits = rateLimitSettings(values, config);
  return {
    port,
    ...(grpcPort === undefined ? {} : { grpcPort }),
    host: pick(values, 'host', config?.host, SERVE_DEFAULTS.host),
    seed,
    speed,
    clock,
    demo: values['no-demo'] ? false : (config?.demo ?? true),
    maxJobs,
    ttl,
    graceMs,
    scenarios: [...configRules(config), ...scenarioFlags(values)],
    ...(config?.cors ? { cors: config.cors } : {}),
    ...(requireAuth ? { requireAuth } : {}),
    ...(rateLimits ? { rateLimits } : {}),
    vendorDirs: config?.vendors ?? [],
    ...(config ? { config } : {}),
  };
}
