import { JobkitError } from '../../errors.js';
import type { Command } from '../context.js';
import { writeOutput } from '../options.js';

export const openapiCommand: Command = {
  name: 'openapi',
  summary: "Export an OpenAPI 3.1 document of the mock's vendor routes (loads in Prism)",
  usage: 'jobkit openapi [--out FILE] [--vendor V]... [--format json|yaml] [--server-url URL]',
  description:
    'Paths, parameters, status codes and error bodies of every route the mock serves, the vendor schemas as components, and an example per response rendered by the mock itself.\nUse it with Prism: prism mock openapi.json, or prism proxy openapi.json http://127.0.0.1:4010 --errors.',
  options: {
    out: { type: 'string', value: 'FILE', description: 'Write to FILE instead of standard output.' },
    vendor: { type: 'string', multiple: true, value: 'V', description: 'Only this vendor (repeatable).' },
    format: {
      type: 'string',
      value: 'json|yaml',
      description: 'Default: json, or yaml when --out ends in .yaml/.yml.',
    },
    'server-url': {
      type: 'string',
      value: 'URL',
      default: 'http://127.0.0.1:4010',
      description: 'The servers[0].url written in the document.',
    },
  },
  examples: ['jobkit openapi --out openapi.json', 'jobkit openapi --vendor pinpoint --format yaml'],
  async run(ctx, { values }) {
    const out = typeof values.out === 'string' ? values.out : undefined;
    const format =
      typeof values.format === 'string' ? values.format : out && /\.ya?ml$/i.test(out) ? 'yaml' : 'json';
    if (format !== 'json' && format !== 'yaml')
      throw new JobkitError('usage', `--format must be json or yaml, not "${format}".`);
    const [{ buildOpenApi }, { stringify }] = await Promise.all([
      import('../../openapi/export.js'),
      import('yaml'),
    ]);
    const registry = ctx.registry();
    const vendors = values.vendor as string[] | undefined;
    for (const v of vendors ?? []) registry.get(v);
    const doc = buildOpenApi({
      registry,
      ...(vendors ? { vendors } : {}),
      serverUrl: String(values['server-url']),
    });
    const text =
      format === 'yaml'
        ? stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 })
        : `${JSON.stringify(doc, null, 2)}\n`;
    if (out) {
      writeOutput(out, text);
      const paths = Object.keys(doc.paths as object).length;
      ctx.stdout.write(`wrote ${out}: OpenAPI 3.1, ${paths} paths\n`);
    } else {
      ctx.stdout.write(text);
    }
    return 0;
  },
};
