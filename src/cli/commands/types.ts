import { JobkitError } from '../../errors.js';
import type { Command } from '../context.js';

export const typesCommand: Command = {
  name: 'types',
  summary: "Print TypeScript types of a vendor's status body",
  usage: 'jobkit types --vendor V [--vendors DIR]',
  description:
    "The status body's declarations and those of every schema it uses, named with the vendor's prefix: the built-ins print what `import type { … } from 'jobkit/vendors'` gives; a vendor of yours (--vendors) prints its own.",
  options: {
    vendor: { type: 'string', value: 'V', description: 'The vendor to print types for.' },
  },
  examples: [
    'jobkit types --vendor pinpoint',
    'jobkit types --vendor acme --vendors ./vendors > src/acme.ts',
  ],
  async run(ctx, { values, positionals }) {
    if (typeof values.vendor !== 'string' || positionals.length > 0) {
      throw new JobkitError('usage', `types needs --vendor.\nUsage: ${this.usage}`);
    }
    const vendor = ctx.registry().get(values.vendor);
    const { vendorTypes } = await import('../../typegen/vendor-types.js');
    ctx.stdout.write(vendorTypes(vendor));
    return 0;
  },
};
