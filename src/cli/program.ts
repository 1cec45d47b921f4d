import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { isJobkitError, JobkitError, type JobkitErrorCode } from '../errors.js';
import { createStyle } from '../util/style.js';
import { createRegistry, type Registry, rootsFromEnv } from '../vendors/registry.js';
import { version } from '../version.js';
import { checkCommand } from './commands/check.js';
import { fixturesCommand } from './commands/fixtures.js';
import { initCommand } from './commands/init.js';
import { openapiCommand } from './commands/openapi.js';
import { recordCommand } from './commands/record.js';
import { serveCommand } from './commands/serve.js';
import { typesCommand } from './commands/types.js';
import { validateCommand } from './commands/validate.js';
import { vendorsCommand } from './commands/vendors.js';
import type { CliContext, Command, CommandOption } from './context.js';

/** Every command, as data: adding one is adding an entry here. */
export const COMMANDS: Command[] = [
  serveCommand,
  checkCommand,
  recordCommand,
  validateCommand,
  openapiCommand,
  vendorsCommand,
  typesCommand,
  fixturesCommand,
  initCommand,
];

const GLOBAL_OPTIONS: Record<string, CommandOption> = {
  vendors: {
    type: 'string',
    multiple: true,
    value: 'DIR',
    description:
      'Also load vendors from DIR (schemas/<vendor>/ + mocks/<vendor>/lifecycle.json). Repeatable; JOBKIT_VENDORS works too.',
  },
  help: { type: 'boolean', short: 'h', description: 'Show help.' },
};

/** The exit status for each JobkitError code. The CLI is the only place that knows exit statuses. */
export const EXIT_CODES: Readonly<Record<JobkitErrorCode, number>> = {
  usage: 2,
  input: 2,
  'vendor-unknown': 2,
  'vendor-load': 2,
  'schema-load': 2,
  'lifecycle-load': 2,
};

export interface RunCliOptions {
  stdout?: Writable & { isTTY?: boolean };
  stderr?: Writable & { isTTY?: boolean };
  stdin?: Readable;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs the CLI and resolves to its exit code: 0 pass, 1 failures found, 2 usage or input error.
 * JobkitErrors are caught here, once, and printed as their message; no stack traces for users.
 */
export async function runCli(argv: string[], options: RunCliOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const err = createStyle(stderr, env);
  try {
    return await dispatch(argv, { stdout, stderr, stdin: options.stdin ?? process.stdin, env });
  } catch (error) {
    if (isJobkitError(error)) {
      stderr.write(`${err.red('jobkit:')} ${error.message}\n`);
      return EXIT_CODES[error.code];
    }
    stderr.write(
      `${err.red('jobkit: internal error:')} ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\nThis is a bug in jobkit; please report it with the command you ran.\n`,
    );
    return 70;
  }
}

async function dispatch(
  argv: string[],
  io: Pick<CliContext, 'stdout' | 'stderr' | 'stdin' | 'env'>,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const command = topic ? findCommand(topic) : undefined;
    io.stdout.write(command ? commandHelp(command) : mainHelp());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = findCommand(first);
  const spec = { ...GLOBAL_OPTIONS, ...command.options };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: withOptionalValues(rest, spec),
      options: Object.fromEntries(
        Object.entries(spec).map(([name, o]) => [
          name,
          {
            type: o.type,
            ...(o.short ? { short: o.short } : {}),
            ...(o.multiple ? { multiple: true } : {}),
            ...(o.default !== undefined ? { default: o.default } : {}),
          },
        ]),
      ) as Parameters<typeof parseArgs>[0] extends infer P
        ? P extends { options?: infer O }
          ? O
          : never
        : never,
      allowPositionals: true,
      strict: true,
    }) as { values: Record<string, unknown>; positionals: string[] };
  } catch (error) {
    throw new JobkitError(
      'usage',
      `${(error as Error).message.replace(/\. To specify a positional.*$/s, '.')}\nUsage: ${command.usage}\nRun "jobkit ${command.name} --help" for details.`,
    );
  }
  if (parsed.values.help) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  const roots = [
    ...rootsFromEnv(io.env).map((dir) => ({ dir, from: 'JOBKIT_VENDORS' })),
    ...((parsed.values.vendors as string[] | undefined) ?? []).map((dir) => ({ dir, from: '--vendors' })),
  ];
  // The load self-check renders through the mock: loaded only when there are user vendors to check,
  // so a run on the built-ins alone (which a test checks instead) starts without it. Its passes
  // are cached on disk, so a cold command on an unchanged vendor skips it.
  const verify =
    roots.length > 0 ? (await import('../verify/load.js')).userVendorCheck({ env: io.env }) : undefined;
  let registry: Registry | undefined;
  const ctx: CliContext = {
    ...io,
    vendorRoots: roots,
    registry: () => {
      registry ??= createRegistry({ roots, ...(verify ? { verify } : {}) });
      return registry;
    },
    out: createStyle(io.stdout, io.env),
    err: createStyle(io.stderr, io.env),
  };
  return command.run(ctx, parsed);
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    throw new JobkitError(
      'usage',
      `Unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. Run "jobkit --help" for more.`,
    );
  }
  return command;
}

/**
 * The arguments with `--name=` in place of an optional-value option given alone (at the end, or
 * before another option), since parseArgs knows only options that always or never take a value.
 */
export function withOptionalValues(args: string[], spec: Record<string, CommandOption>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return [...out, ...args.slice(i)];
    const next = args[i + 1];
    const alone = next === undefined || next.startsWith('-');
    out.push(arg.startsWith('--') && spec[arg.slice(2)]?.optionalValue && alone ? `${arg}=` : arg);
  }
  return out;
}

function optionLines(options: Record<string, CommandOption>): string[] {
  return Object.entries(options).map(([name, o]) => {
    const value = o.value ? (o.optionalValue ? ` [<${o.value}>]` : ` <${o.value}>`) : '';
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${value}`;
    const def = o.default !== undefined && o.default !== false ? ` (default: ${String(o.default)})` : '';
    return `  ${flag.padEnd(34)} ${o.description}${def}`;
  });
}

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `jobkit ${version()}: contract tests and a mock server for job-status APIs`,
    '',
    'Usage: jobkit <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    ...optionLines(GLOBAL_OPTIONS),
    '    --version                        Print the version.',
    '',
    'Run "jobkit <command> --help" for a command\'s options.',
    'Exit codes: 0 pass, 1 failures found, 2 usage or input error.',
    '',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  return [
    `${command.summary}.`,
    '',
    `Usage: ${command.usage}`,
    ...(command.description ? ['', command.description] : []),
    '',
    'Options:',
    ...optionLines(command.options),
    ...optionLines(GLOBAL_OPTIONS),
    ...(command.examples ? ['', 'Examples:', ...command.examples.map((e) => `  ${e}`)] : []),
    '',
  ].join('\n');
}
