import { JobkitError } from '../../errors.js';
import type { Command } from '../context.js';

export const vendorsCommand: Command = {
  name: 'vendors',
  summary: 'List the job-status APIs jobkit knows, with their status field and states',
  usage: 'jobkit vendors [--format text|json]',
  options: {
    format: { type: 'string', value: 'text|json', default: 'text', description: 'Output format.' },
  },
  async run(ctx, { values }) {
    const format = String(values.format);
    if (format !== 'text' && format !== 'json') {
      throw new JobkitError('usage', `--format must be text or json, not "${format}".`);
    }
    const registry = ctx.registry();
    const vendors = registry.names().map((name) => registry.get(name));
    if (format === 'json') {
      const data = vendors.map((v) => ({
        name: v.name,
        title: v.title,
        schema: v.root,
        statusField: v.statusField,
        ...(v.lifecycle.status.derive ? { statusDerive: v.lifecycle.status.derive } : {}),
        states: v.states,
        transitions: v.transitions,
        builtin: v.source.builtin,
        replacesBuiltin: v.source.replacesBuiltin,
        schemas: v.schemas.names(),
        overlays: v.schemas.bundle.overlays,
      }));
      ctx.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return 0;
    }
    const { out } = ctx;
    for (const v of vendors) {
      const states = v.states.map((s) => {
        const mark = s.terminal ? out.dim(` (${s.terminal})`) : s.initial ? out.dim(' (initial)') : '';
        return `${s.name}${mark}`;
      });
      const replaces = v.source.replacesBuiltin ? '  replaces the built-in' : '';
      ctx.stdout.write(
        `${out.bold(v.name)}  ${v.title}${v.source.builtin ? '' : out.dim(`  [${v.source.root}]${replaces}`)}\n` +
          `  schema  ${v.root}   ${v.lifecycle.status.derive ? 'status  derived from the body (status.derive)' : `status field  ${v.statusField}`}\n` +
          `  states  ${states.join(', ')}\n\n`,
      );
    }
    return 0;
  },
};
