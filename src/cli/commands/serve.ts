import { JobkitError } from '../../errors.js';
import type { Job } from '../../lifecycle/engine.js';
import type { AdminAccessOptions } from '../../mock/admin/guard.js';
import type { MockAppOptions } from '../../mock/app.js';
import type { Clock } from '../../mock/clock.js';
import type { MockServer } from '../../mock/listen.js';
import type { Registry } from '../../vendors/registry.js';
import type { CliContext, Command } from '../context.js';
import { mockOptionsFor, preloadConfig, serveRegistry, tellReplaced, watchedPaths } from './serve-mock.js';
import { SERVE_DEFAULTS, type ServeSettings, serveSettings } from './serve-settings.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: "Run the mock server: the vendors' real routes, with jobs that progress, fail and finish",
  usage:
    'jobkit serve [--config FILE] [--port 4010] [--grpc-port 50051] [--host 127.0.0.1] [--seed N] [--speed F] [--clock real|manual] [--scenario VENDOR=SCENARIO] [--no-demo] [--admin-token TOKEN] [--require-auth [VENDOR,…]] [--rate-limit VENDOR=N/SECONDS|off] [--timestamps virtual|wall] [--webhook URL]',
  description:
    'Serves every vendor on its real paths (GET /api/projects/1/batch_exports/…/runs/{id}/, /v1/export/{backend}/{id}, …) with CORS on.\nAt start it creates one demo job per vendor and scenario and prints their status URLs.\nAdmin API under /__jobkit/: POST /__jobkit/jobs {"vendor","scenario"}, GET /__jobkit/jobs, POST /__jobkit/jobs/{id}/complete|fail|cancel, POST /__jobkit/clock {"advanceMs"}, POST /__jobkit/reset, POST /__jobkit/faults, POST /__jobkit/scenarios {"vendor","route"?,"scenario","times"?}, POST /__jobkit/webhooks {"url","secret"}, GET/DELETE /__jobkit/requests.\nControl panel: open /__jobkit/ in a browser.\nSettings may come from jobkit.config.json in the working folder (or --config FILE; its schema: mocks/jobkit.config.schema.json); a flag overrides the file.',
  options: {
    config: {
      type: 'string',
      value: 'FILE',
      description:
        'Read settings from FILE (default: jobkit.config.json in the working folder, if there is one).',
    },
    // No parseArgs defaults for what the config file may set: a flag not given lets the file speak.
    port: {
      type: 'string',
      value: 'PORT',
      description: `Port to listen on (0 picks a free one). (default: ${SERVE_DEFAULTS.port})`,
    },
    'grpc-port': {
      type: 'string',
      value: 'PORT',
      description:
        "Also serve the gRPC health service (grpc.health.v1.Health/Check: SERVING) on PORT, for clients that check it before REST (Weaviate's default connect: --grpc-port 50051). Off unless given.",
    },
    host: {
      type: 'string',
      value: 'HOST',
      description: `Address to bind. Beyond loopback (0.0.0.0, ::, a LAN address) the admin API needs --admin-token or --unsafe-admin. (default: ${SERVE_DEFAULTS.host})`,
    },
    'admin-token': {
      type: 'string',
      value: 'TOKEN',
      description: 'Admin requests need "Authorization: Bearer TOKEN" (401 otherwise).',
    },
    'unsafe-admin': {
      type: 'boolean',
      description:
        'Open the admin API beyond loopback with no token: anyone who reaches the mock may use it.',
    },
    'require-auth': {
      type: 'string',
      value: 'VENDOR,…',
      optionalValue: true,
      description:
        "Check each vendor's credential format (PostHog/Dakera/Weaviate Bearer, FullStory Basic, Pinpoint SigV4 for mobiletargeting) and answer a missing or malformed one with the vendor's own 401/403. Alone: every vendor; with a comma-separated list (posthog,dakera): only those.",
    },
    'rate-limit': {
      type: 'string',
      value: 'VENDOR=N/SECONDS|off',
      multiple: true,
      description:
        "VENDOR's request window: N requests per SECONDS per credential (or client), over it the vendor's 429 with Retry-After; off serves it unlimited. Default: the vendor file's api.rateLimit (Dakera: 10000/60). Repeatable.",
    },
    'admin-origin': {
      type: 'string',
      value: 'ORIGIN',
      multiple: true,
      description: "A web origin whose pages may change the mock (besides the mock's own); repeatable.",
    },
    'grace-ms': {
      type: 'string',
      value: 'MS',
      default: '5000',
      description:
        'On SIGTERM/SIGINT, let requests in flight finish this long (a second signal stops at once).',
    },
    seed: {
      type: 'string',
      value: 'N',
      description: `Seed for ids, timelines and fixtures. (default: ${SERVE_DEFAULTS.seed})`,
    },
    speed: {
      type: 'string',
      value: 'F',
      description: `Run lifecycles F times faster (real clock). (default: ${SERVE_DEFAULTS.speed})`,
    },
    clock: {
      type: 'string',
      value: 'real|manual',
      description: `manual: time moves only by POST /__jobkit/clock. (default: ${SERVE_DEFAULTS.clock})`,
    },
    scenario: {
      type: 'string',
      value: 'VENDOR=SCENARIO',
      multiple: true,
      description:
        "The scenario of the jobs VENDOR's routes create when the request names none (X-Jobkit-Scenario and ?scenario= still pick); repeatable.",
    },
    timestamps: {
      type: 'string',
      value: 'virtual|wall',
      default: 'virtual',
      description:
        "wall: bodies show wall-clock times (durations shortened by --speed, nothing finished in the future); virtual: the mock clock's own.",
    },
    webhook: {
      type: 'string',
      value: 'URL',
      multiple: true,
      description:
        'POST a signed JSON event to URL whenever a job changes state or ends (3 retries); repeatable. More through POST /__jobkit/webhooks.',
    },
    'webhook-secret': {
      type: 'string',
      value: 'SECRET',
      description: 'HMAC-SHA256 key of the X-Jobkit-Signature header (default: $JOBKIT_WEBHOOK_SECRET).',
    },
    'no-demo': { type: 'boolean', description: 'Start with no jobs.' },
    watch: {
      type: 'boolean',
      description:
        'Reload the config file and the vendor folders when they change, keeping the jobs whose vendor still exists.',
    },
    'max-jobs': {
      type: 'string',
      value: 'N',
      default: '100000',
      description: 'Jobs held at most; oldest finished go first.',
    },
    'finished-ttl': {
      type: 'string',
      value: 'SECONDS',
      default: '86400',
      description: 'Forget finished jobs this long after they finish (clock time).',
    },
    quiet: { type: 'boolean', short: 'q', description: 'No request log.' },
  },
  examples: [
    'jobkit serve',
    'jobkit serve --speed 50 --seed 7',
    'jobkit serve --port 0 --clock manual --no-demo',
    'jobkit serve --scenario pinpoint=failure',
    'jobkit serve --require-auth posthog,dakera',
  ],
  async run(ctx, { values }) {
    const settings = serveSettings(values, process.cwd());
    const { port, speed, graceMs } = settings;
    const access = accessOptions(values);
    const webhooks = webhookRules(values, ctx.env);
    const clockKind = settings.clock;
    const timestamps = String(values.timestamps);
    if (timestamps !== 'virtual' && timestamps !== 'wall')
      throw new JobkitError('usage', `--timestamps must be virtual or wall, not "${timestamps}".`);
    // The mock's modules and Node's http, v8 and vm load only for this command: `jobkit validate` starts
    // without them.
    const [{ createManualClock, createRealClock }, { createMockServer }, host, v8, vm, requestLines] =
      await Promise.all([
        import('../../mock/clock.js'),
        import('../../mock/listen.js'),
        import('../../mock/host.js'),
        import('node:v8'),
        import('node:vm'),
        import('../../mock/request-line.js'),
      ]);
    const clock: Clock = clockKind === 'manual' ? createManualClock(Date.now()) : createRealClock({ speed });

    const registry = await serveRegistry(ctx, settings);
    tellReplaced(ctx, registry);
    const bind = host.bindHost(settings.host);
    if (!host.isLoopbackHost(bind)) ctx.stderr.write(exposedWarning(bind, access));
    const fromSettings = mockOptionsFor(ctx, values, access, fullCollection(v8, vm), requestLines);
    // What only flags set: a reload (--watch) keeps them.
    const mockOptions: typeof fromSettings = (from, reg) => ({
      ...fromSettings(from, reg),
      timestamps,
      webhooks,
    });
    const server = await createMockServer({
      ...mockOptions(settings, registry),
      host: bind,
      port,
      ...(settings.grpcPort === undefined ? {} : { grpcPort: settings.grpcPort }),
      graceMs,
      clock,
    });
    try {
      await preloadConfig(server, settings, false);
    } catch (error) {
      await server.close();
      throw error;
    }
    const demo = settings.demo ? server.state.createDemoJobs() : [];
    // server.state, not mock: a reload (--watch) serves a new state.
    const sweep = setInterval(() => server.state.sweep(), 60_000);
    sweep.unref();
    const watcher = values.watch ? await startWatch(ctx, values, server, settings, mockOptions) : undefined;

    const lines = banner(ctx, server, settings, demo, watcher !== undefined);
    // Listening for signals before the banner: whoever reads it may signal at once.
    const stopped = untilSignalled(server, graceMs, ctx.stderr, () => {
      clearInterval(sweep);
      watcher?.close();
    });
    lines.push('', 'Ctrl-C stops it.', '');
    ctx.stdout.write(lines.join('\n'));
    return stopped;
  },
};

type Values = Parameters<Command['run']>[1]['values'];

/** What serve prints once listening: where, the routes, the settings file, the demo jobs. */
function banner(
  ctx: CliContext,
  server: MockServer,
  settings: ServeSettings,
  demo: Job[],
  watched: boolean,
): string[] {
  const { out } = ctx;
  const mock = server.state;
  const origin = server.url;
  const { clock } = server;
  const { seed, speed } = settings;
  const lines = [
    `${out.bold('jobkit mock server')} on ${out.bold(origin)}  (seed ${seed}, clock ${clock.kind}${clock.kind === 'real' ? ` ×${speed}` : ''})`,
    '',
    'Routes:',
    ...mock.routes.map((r) => `  ${r.method.padEnd(6)} ${r.path}  ${out.dim(r.vendor)}`),
    '  *      /__jobkit/…  admin: jobs, clock, reset, faults, scenarios, webhooks, requests',
    '',
    `Control panel: ${out.bold(`${origin}/__jobkit/`)}`,
  ];
  if (server.grpcAddress)
    lines.push(`gRPC health (grpc.health.v1.Health/Check → SERVING): ${out.bold(server.grpcAddress)}`);
  if (settings.config) lines.push('', `Settings from ${settings.config.file}${watched ? ' (watched)' : ''}.`);
  const auth = settings.requireAuth;
  if (auth === true)
    lines.push('', "Credentials are checked (--require-auth): each vendor's Authorization format.");
  else if (auth)
    lines.push(
      '',
      `Credentials are checked (--require-auth) for ${auth.vendors.join(', ')}: their Authorization format.`,
    );
  if (demo.length > 0) {
    lines.push('', 'Demo jobs (poll these):');
    for (const job of demo) {
      const s = mock.summary(job, origin);
      lines.push(
        `  ${s.vendor.padEnd(10)} ${s.scenario.padEnd(16)} ${s.statusUrl ?? `(no status route) ${job.id}`}`,
      );
    }
  }
  return lines;
}

/** --watch: the config file and vendor folders watched, the mock rebuilt when they change. */
async function startWatch(
  ctx: CliContext,
  values: Values,
  server: MockServer,
  settings: ServeSettings,
  mockOptions: (from: ServeSettings, registry: Registry) => MockAppOptions,
) {
  const { watchServe } = await import('./serve-watch.js');
  return watchServe({
    server,
    settings: () => serveSettings(values, process.cwd()),
    mockOptions: async (next) => {
      const registry = await serveRegistry(ctx, next, true);
      tellReplaced(ctx, registry);
      return mockOptions(next, registry);
    },
    preload: (s, next) => preloadConfig(s, next, true),
    paths: watchedPaths(ctx, settings),
    tell: (line) => ctx.stderr.write(`jobkit: ${line}\n`),
  });
}

/** --admin-token, --unsafe-admin and --admin-origin as the server's options. */
function accessOptions(values: Values): { admin: AdminAccessOptions; unsafeAdmin?: boolean } {
  const token = values['admin-token'];
  if (token !== undefined && !/^[\x21-\x7e]{1,1024}$/.test(String(token)))
    throw new JobkitError('usage', '--admin-token must be 1–1024 visible ASCII characters (no spaces).');
  const origins = ((values['admin-origin'] as string[] | undefined) ?? []).map((given) => {
    const url = URL.canParse(given) ? new URL(given) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== given.replace(/\/$/, ''))
      throw new JobkitError(
        'usage',
        `--admin-origin must be an origin like http://localhost:3000 (scheme, host, port), not "${given}".`,
      );
    return url.origin;
  });
  return {
    admin: { ...(token === undefined ? {} : { token: String(token) }), origins },
    ...(values['unsafe-admin'] ? { unsafeAdmin: true } : {}),
  };
}

/** `--webhook` URLs as rules, all signed with one secret (a flag, or the environment's). */
function webhookRules(values: Values, env: NodeJS.ProcessEnv | undefined) {
  const urls = (values.webhook as string[] | undefined) ?? [];
  if (urls.length === 0) return [];
  const secret = (values['webhook-secret'] as string | undefined) ?? env?.JOBKIT_WEBHOOK_SECRET;
  if (!secret)
    throw new JobkitError(
      'usage',
      '--webhook needs a secret to sign its events: pass --webhook-secret or set JOBKIT_WEBHOOK_SECRET.',
    );
  return urls.map((url) => {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      throw new JobkitError('usage', `--webhook must be an http(s) URL, not "${url}".`);
    return { url, secret };
  });
}

function exposedWarning(host: string, access: ReturnType<typeof accessOptions>): string {
  const admin =
    access.admin.token !== undefined
      ? 'The admin API needs the --admin-token.'
      : access.unsafeAdmin
        ? 'The admin API is open to anyone who can reach it (--unsafe-admin): they can reset the mock or inject faults.'
        : 'The admin API is closed: pass --admin-token TOKEN (or --unsafe-admin to accept the risk) to use it.';
  return `jobkit: warning: --host ${host} reaches beyond this machine; anyone on the network can call the mock. ${admin}\n`;
}

/**
 * Resolves with the exit status once SIGINT or SIGTERM has stopped the server: the first lets
 * requests in flight finish for the grace period, a second cuts them at once.
 */
function untilSignalled(
  server: MockServer,
  graceMs: number,
  stderr: NodeJS.WritableStream,
  cleanup: () => void,
): Promise<number> {
  return new Promise<number>((resolve) => {
    let forced: number | undefined;
    const again = (signal: NodeJS.Signals) => {
      forced = signal === 'SIGINT' ? 130 : 143;
      void server.shutdown(0);
    };
    const stop = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      cleanup();
      process.once('SIGINT', again);
      process.once('SIGTERM', again);
      if (server.inFlight > 0)
        stderr.write(
          `jobkit: stopping; letting ${server.inFlight} request(s) in flight finish for up to ${graceMs} ms (${signal} again stops at once).\n`,
        );
      void server.shutdown().then((cut) => {
        process.removeListener('SIGINT', again);
        process.removeListener('SIGTERM', again);
        if (cut > 0 && forced === undefined)
          stderr.write(`jobkit: the grace period ended; ${cut} request(s) cut.\n`);
        resolve(forced ?? 0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * A full garbage collection on demand. Node lets a program expose V8's gc at run time; a mock that
 * has just forgotten thousands of jobs uses it so RSS stays flat over days (see bench/memory.mjs).
 */
function fullCollection(
  v8: Pick<typeof import('node:v8'), 'setFlagsFromString'>,
  vm: Pick<typeof import('node:vm'), 'runInNewContext'>,
): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}
