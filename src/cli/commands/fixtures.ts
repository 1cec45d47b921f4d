import { JobkitError } from '../../errors.js';
import type { Command } from '../context.js';

/** A cap on --count: fixtures are samples, and a typo of a few zeros should not fill a disk. */
const MAX_COUNT = 10_000;

export const fixturesCommand: Command = {
  name: 'fixtures',
  summary: "Print status bodies taken along a vendor's lifecycles, as NDJSON",
  usage: 'jobkit fixtures <vendor> [--scenario S] [--count N] [--seed N] [--at-state S] [--vendors DIR]',
  description:
    "One body a line, from the mock's own jobs on a manual clock: each scenario's job at fixed shares of its length, at each step's start, middle and end, and once after its end. Every line passes `jobkit validate <vendor> --strict`. The same options print the same bodies (jobs start at 2026-01-01T00:00:00Z).",
  options: {
    scenario: { type: 'string', value: 'S', description: 'Only this scenario (default: every scenario).' },
    count: { type: 'string', value: 'N', default: '1', description: 'Jobs per scenario.' },
    seed: { type: 'string', value: 'N', default: '1', description: "The mock's seed." },
    'at-state': { type: 'string', value: 'S', description: 'Only the bodies of jobs in state S.' },
  },
  examples: [
    'jobkit fixtures pinpoint > pinpoint.ndjson',
    'jobkit fixtures posthog --scenario failure --at-state Failed',
    'jobkit fixtures weaviate --count 20 --seed 7 | jobkit validate weaviate - --strict',
  ],
  async run(ctx, { values, positionals }) {
    const [vendorName, ...extra] = positionals;
    if (!vendorName || extra.length > 0) {
      throw new JobkitError('usage', `fixtures needs one vendor.\nUsage: ${this.usage}`);
    }
    const count = integer('--count', values.count, 1, MAX_COUNT);
    const seed = integer('--seed', values.seed, 0, 2 ** 32 - 1);
    const vendor = ctx.registry().get(vendorName);
    const { fixtureSnapshots } = await import('../../fixtures/snapshots.js');
    const scenario = typeof values.scenario === 'string' ? values.scenario : undefined;
    const atState = typeof values['at-state'] === 'string' ? values['at-state'] : undefined;
    let printed = 0;
    const options = { count, seed, ...(scenario ? { scenario } : {}), ...(atState ? { atState } : {}) };
    for (const snapshot of fixtureSnapshots(vendor, options)) {
      ctx.stdout.write(`${JSON.stringify(snapshot.body)}\n`);
      printed++;
    }
    if (printed === 0) {
      throw new JobkitError(
        'usage',
        `No job of ${scenario ? `scenario "${scenario}"` : 'any scenario'} of ${vendor.name} is ever in state "${atState}".`,
      );
    }
    return 0;
  },
};

function integer(flag: string, value: unknown, min: number, max: number): number {
  const text = String(value);
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new JobkitError('usage', `${flag} must be a whole number from ${min} to ${max}, not "${text}".`);
  }
  return n;
}
