import { JobkitError } from '../../errors.js';
import type { AdminAccessOptions } from '../../mock/admin/guard.js';
import type { MockAppOptions } from '../../mock/app.js';
import type { RequireAuth } from '../../mock/auth.js';
import type { MockServer } from '../../mock/listen.js';
import type { RequestRecord } from '../../mock/request-log.js';
import type { Registry } from '../../vendors/registry.js';
import type { CliContext, Command } from '../context.js';
import type { RequireAuthSetting, ServeSettings } from './serve-settings.js';

type Values = Parameters<Command['run']>[1]['values'];

/**
 * The mock's options for some settings and a registry: what a reload (--watch) builds again from
 * the settings read afresh. The port, host and clock stay as the server started.
 */
export function mockOptionsFor(
  ctx: CliContext,
  values: Values,
  access: { admin: AdminAccessOptions; unsafeAdmin?: boolean },
  collect: (() => void) | undefined,
  // Passed in, not imported: serve loads the mock's modules only when it runs.
  lines: { isAdminPath(path: string): boolean; requestLine(entry: RequestRecord): string },
): (from: ServeSettings, registry: Registry) => MockAppOptions {
  const { isAdminPath, requestLine } = lines;
  const { out } = ctx;
  return (from, registry) => ({
    registry,
    ...access,
    ...(from.requireAuth ? { requireAuth: requireAuthFor(from.requireAuth, registry) } : {}),
    ...(collect ? { collect } : {}),
    seed: from.seed,
    maxJobs: from.maxJobs,
    finishedTtlMs: from.ttl * 1000,
    ...(from.scenarios.length > 0 ? { scenarios: from.scenarios } : {}),
    ...(from.cors ? { cors: from.cors } : {}),
    ...(from.rateLimits ? { rateLimits: from.rateLimits } : {}),
    notice: (line: string) => ctx.stderr.write(`jobkit: ${line}\n`),
    // The control panel and GET /__jobkit/requests read the last requests.
    requestLog: 1000,
    ...(values.quiet
      ? {}
      : {
          webhookLog: (line: string) =>
            ctx.stdout.write(`${out.dim(new Date().toISOString().slice(11, 23))} ${line}\n`),
          log: (_line: string, entry: RequestRecord) => {
            // The control panel reads the admin API every second or so: those reads are not news.
            if (entry.method === 'GET' && entry.status < 400 && isAdminPath(entry.path)) return;
            ctx.stdout.write(`${out.dim(new Date().toISOString().slice(11, 23))} ${requestLine(entry)}\n`);
          },
        }),
  });
}

/**
 * The vendors whose credentials are checked, each name known to the registry: an unknown one is a
 * usage error (an input error from the config file) naming the vendors served.
 */
export function requireAuthFor(setting: RequireAuthSetting, registry: Registry): RequireAuth {
  if (setting === true) return true;
  const known = registry.names();
  const unknown = setting.vendors.filter((v) => !known.includes(v));
  if (unknown.length > 0) {
    const names = unknown.map((v) => `"${v}"`).join(', ');
    throw new JobkitError(
      setting.from === '--require-auth' ? 'usage' : 'input',
      `${setting.from} names no vendor ${names}. The vendors are: ${known.join(', ')}.`,
    );
  }
  return setting.vendors;
}

/** The registry to serve: the CLI's, or one that adds the config file's vendor folders. */
export async function serveRegistry(
  ctx: CliContext,
  settings: ServeSettings,
  fresh = false,
): Promise<Registry> {
  const roots = ctx.vendorRoots ?? [];
  if (settings.vendorDirs.length === 0 && !fresh) return ctx.registry();
  const [{ createRegistry }, { userVendorCheck }] = await Promise.all([
    import('../../vendors/registry.js'),
    import('../../verify/load.js'),
  ]);
  const from = settings.config?.file ?? 'the config file';
  const all = [...roots, ...settings.vendorDirs.map((dir) => ({ dir, from }))];
  return createRegistry({
    roots: all,
    ...(all.length > 0 ? { verify: userVendorCheck({ env: ctx.env }) } : {}),
  });
}

export function tellReplaced(ctx: CliContext, registry: Registry): void {
  for (const name of registry.names()) {
    const where = registry.locate(name);
    if (where?.replacesBuiltin) {
      ctx.stderr.write(`jobkit: vendor "${name}" from ${where.root} replaces the built-in "${name}".\n`);
    }
  }
}

/** The config's faults and jobs into the served mock; on a reload, jobs it holds already stay as they are. */
export async function preloadConfig(
  server: MockServer,
  settings: ServeSettings,
  reloading: boolean,
): Promise<void> {
  if (!settings.config) return;
  const { preload } = await import('../../config/preload.js');
  preload(server.state, settings.config, { skipHeldJobs: reloading });
}

/** What --watch watches: the config file and every vendor folder. */
export function watchedPaths(ctx: CliContext, settings: ServeSettings): string[] {
  return [
    ...(settings.config ? [settings.config.file] : []),
    ...(ctx.vendorRoots ?? []).map((r) => r.dir),
    ...settings.vendorDirs,
  ];
}
