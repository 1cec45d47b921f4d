import { JobkitError } from '../../errors.js';
import type { Clock } from '../../mock/clock.js';
import type { Command } from '../context.js';
import { numberOption } from '../options.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: "Run the mock server: the vendors' real routes, with jobs that progress, fail and finish",
  usage:
    'jobkit serve [--port 4010] [--host 127.0.0.1] [--seed N] [--speed F] [--clock real|manual] [--no-demo]',
  description:
    'Serves every vendor on its real paths (GET /api/projects/1/batch_exports/…/runs/{id}/, /v1/export/{backend}/{id}, …) with CORS on.\nAt start it creates one demo job per vendor and scenario and prints their status URLs.\nAdmin API under /__jobkit/: POST /__jobkit/jobs {"vendor","scenario"}, GET /__jobkit/jobs, POST /__jobkit/jobs/{id}/complete|fail|cancel, POST /__jobkit/clock {"advanceMs"}, POST /__jobkit/reset, POST /__jobkit/faults.',
  options: {
    port: {
      type: 'string',
      value: 'PORT',
      default: '4010',
      description: 'Port to listen on (0 picks a free one).',
    },
    host: { type: 'string', value: 'HOST', default: '127.0.0.1', description: 'Address to bind.' },
    seed: { type: 'string', value: 'N', default: '1', description: 'Seed for ids, timelines and fixtures.' },
    speed: {
      type: 'string',
      value: 'F',
      default: '1',
      description: 'Run lifecycles F times faster (real clock).',
    },
    clock: {
      type: 'string',
      value: 'real|manual',
      default: 'real',
      description: 'manual: time moves only by POST /__jobkit/clock.',
    },
    'no-demo': { type: 'boolean', description: 'Start with no jobs.' },
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
  ],
  async run(ctx, { values }) {
    const port = numberOption(
      'port',
      values.port,
      (n) => Number.isInteger(n) && n >= 0 && n <= 65535,
      'a port number (0–65535)',
    );
    const seed = numberOption('seed', values.seed, Number.isInteger, 'an integer');
    const speed = numberOption('speed', values.speed, (n) => n > 0 && n <= 100_000, 'a positive number');
    const maxJobs = numberOption(
      'max-jobs',
      values['max-jobs'],
      (n) => Number.isInteger(n) && n > 0,
      'a positive integer',
    );
    const ttl = numberOption('finished-ttl', values['finished-ttl'], (n) => n >= 0, 'seconds ≥ 0');
    const clockKind = String(values.clock);
    if (clockKind !== 'real' && clockKind !== 'manual')
      throw new JobkitError('usage', `--clock must be real or manual, not "${clockKind}".`);
    // The mock's modules and Node's http, v8 and vm load only for this command: `jobkit validate` starts
    // without them.
    const [{ createManualClock, createRealClock }, { createMockServer }, v8, vm] = await Promise.all([
      import('../../mock/clock.js'),
      import('../../mock/listen.js'),
      import('node:v8'),
      import('node:vm'),
    ]);
    const clock: Clock = clockKind === 'manual' ? createManualClock(Date.now()) : createRealClock({ speed });
    const { out } = ctx;

    const registry = ctx.registry();
    for (const name of registry.names()) {
      const where = registry.locate(name);
      if (where?.replacesBuiltin) {
        ctx.stderr.write(`jobkit: vendor "${name}" from ${where.root} replaces the built-in "${name}".\n`);
      }
    }
    const server = await createMockServer({
      registry,
      host: String(values.host),
      port,
      collect: fullCollection(v8, vm),
      seed,
      clock,
      maxJobs,
      finishedTtlMs: ttl * 1000,
      ...(values.quiet
        ? {}
        : {
            log: (line: string) =>
              ctx.stdout.write(`${out.dim(new Date().toISOString().slice(11, 23))} ${line}\n`),
          }),
    });
    const mock = server.state;
    const origin = server.url;
    const demo = values['no-demo'] ? [] : mock.createDemoJobs();
    const sweep = setInterval(() => mock.sweep(), 60_000);
    sweep.unref();

    const lines = [
      `${out.bold('jobkit mock server')} on ${out.bold(origin)}  (seed ${seed}, clock ${clock.kind}${clock.kind === 'real' ? ` ×${speed}` : ''})`,
      '',
      'Routes:',
      ...mock.routes.map((r) => `  ${r.method.padEnd(6)} ${r.path}  ${out.dim(r.vendor)}`),
      '  *      /__jobkit/…  admin: jobs, clock, reset, faults',
    ];
    if (demo.length > 0) {
      lines.push('', 'Demo jobs (poll these):');
      for (const job of demo) {
        const s = mock.summary(job, origin);
        lines.push(
          `  ${s.vendor.padEnd(10)} ${s.scenario.padEnd(16)} ${s.statusUrl ?? `(no status route) ${job.id}`}`,
        );
      }
    }
    lines.push('', 'Ctrl-C stops it.', '');
    ctx.stdout.write(lines.join('\n'));

    return new Promise<number>((resolve) => {
      const stop = () => {
        clearInterval(sweep);
        void server.close().then(() => resolve(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};

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
