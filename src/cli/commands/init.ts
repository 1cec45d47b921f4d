import { resolve } from 'node:path';
import { isJobkitError, JobkitError } from '../../errors.js';
import type { Ending } from '../../init/states.js';
import { displayPath } from '../../schema/bundle.js';
import { createRegistry } from '../../vendors/registry.js';
import type { Command } from '../context.js';

const NAME = /^[a-z0-9][a-z0-9_-]*$/;
const ENDINGS = new Set(['success', 'failure', 'cancelled']);

export const initCommand: Command = {
  name: 'init',
  summary: "Write a vendor (a mock and a check of your job API) from the API's OpenAPI document",
  usage: 'jobkit init <name> --from <openapi.(json|yaml)> [--schema <Component>] [--out DIR] [--force]',
  description: [
    'Finds the job-status resource (a schema with a string enum status field answered by a GET …/{id}),',
    'infers its states, the meaning of its fields, its routes and error body, and writes',
    'DIR/schemas/<name>/ (the document, unchanged) and DIR/mocks/<name>/lifecycle.json (the vendor file).',
    'It prints what it inferred and what it could not decide; review the file, then run',
    'jobkit serve --vendors DIR and jobkit check --vendors DIR --vendor <name> --url ….',
  ].join('\n'),
  options: {
    from: {
      type: 'string',
      value: 'FILE',
      description: 'The OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML).',
    },
    schema: {
      type: 'string',
      value: 'NAME',
      description: 'The status schema, when the document has several.',
    },
    'status-field': {
      type: 'string',
      value: 'POINTER',
      description: 'The status field in that schema, e.g. /status.',
    },
    terminal: {
      type: 'string',
      multiple: true,
      value: 'STATE=KIND',
      description: 'A state that ends a job, and how (success, failure, cancelled). Repeatable.',
    },
    out: { type: 'string', value: 'DIR', default: '.', description: 'Where to write schemas/ and mocks/.' },
    force: { type: 'boolean', default: false, description: 'Replace files that exist.' },
  },
  examples: [
    'jobkit init acme --from openapi.yaml',
    'jobkit init acme --from openapi.yaml --schema Job --terminal archived=success --out vendors',
  ],
  async run(ctx, { values, positionals }) {
    const [name, ...extra] = positionals;
    if (name === undefined || extra.length > 0)
      throw new JobkitError('usage', `jobkit init takes one vendor name.\nUsage: ${this.usage}`);
    if (!NAME.test(name)) {
      throw new JobkitError(
        'usage',
        `The vendor name must be lower case letters, digits, - and _ (it names folders), not "${name}".`,
      );
    }
    if (ctx.registry().locate(name)?.builtin) {
      throw new JobkitError(
        'usage',
        `"${name}" is a built-in vendor; pick another name for yours (a vendor file that says "replaces": "${name}" replaces the built-in on purpose).`,
      );
    }
    if (typeof values.from !== 'string')
      throw new JobkitError('usage', `--from <openapi document> is required.\nUsage: ${this.usage}`);
    const [{ readApiDocument }, { inferVendor }, { writeVendor }] = await Promise.all([
      import('../../init/document.js'),
      import('../../init/vendor.js'),
      import('../../init/write.js'),
    ]);
    const doc = readApiDocument(values.from);
    const inferred = inferVendor(doc, {
      name,
      ...(typeof values.schema === 'string' ? { schema: values.schema } : {}),
      ...(typeof values['status-field'] === 'string' ? { statusField: values['status-field'] } : {}),
      terminal: terminalOption(values.terminal as string[] | undefined),
    });
    const out = resolve(String(values.out));
    const written = writeVendor(out, name, doc, inferred.vendor, values.force === true);
    const { out: o } = ctx;
    ctx.stdout.write(
      `${o.bold('Inferred')} from ${doc.file}:\n${inferred.lines.map((l) => `  ${l}\n`).join('')}`,
    );
    if (inferred.undecided.length) {
      ctx.stdout.write(
        `${o.bold('Could not decide')} (review these in the vendor file):\n${inferred.undecided.map((l) => `  ${o.yellow('?')} ${l}\n`).join('')}`,
      );
    }
    ctx.stdout.write(
      `Wrote ${displayPath(written.schemaFile)} (the document, unchanged) and ${displayPath(written.vendorFile)}.\n`,
    );
    if (written.others.length)
      ctx.stdout.write(
        `  note: ${written.others.join(', ')} ${written.others.length === 1 ? 'is' : 'are'} in the same schema folder and load with it.\n`,
      );
    return await verify(ctx, out, name, written.vendorFile);
  },
};

function terminalOption(list: string[] | undefined): Record<string, Ending> {
  const out: Record<string, Ending> = {};
  for (const item of (list ?? []).flatMap((l) => l.split(','))) {
    const [state, kind] = item.split('=') as [string, string | undefined];
    if (!state || !kind || !ENDINGS.has(kind)) {
      throw new JobkitError(
        'usage',
        `--terminal takes STATE=KIND with KIND success, failure or cancelled, not "${item}".`,
      );
    }
    out[state] = kind as Ending;
  }
  return out;
}

/** Loads what was written the way serve and check will, so a vendor that would not load is said now. */
async function verify(
  ctx: Parameters<Command['run']>[0],
  root: string,
  name: string,
  file: string,
): Promise<number> {
  // Loaded here, not at the top: every other command would pay for the mock and the rules at start-up.
  // Its pass is cached, so the serve or check that follows does not render it again.
  const { userVendorCheck } = await import('../../verify/load.js');
  try {
    createRegistry({ roots: [root], verify: userVendorCheck({ env: ctx.env }) }).get(name);
  } catch (error) {
    if (!isJobkitError(error)) throw error;
    ctx.stderr.write(
      `${ctx.err.red('jobkit:')} the vendor was written but does not load yet; fix ${displayPath(file)}:\n${error.message}\n`,
    );
    return 1;
  }
  const dir = displayPath(root);
  ctx.stdout.write(
    `It loads. Next:\n  jobkit serve --vendors ${dir}\n  jobkit check --vendors ${dir} --vendor ${name} --url <a job's status URL>\n`,
  );
  return 0;
}
