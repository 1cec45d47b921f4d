import { JobkitError } from '../../errors.js';
import type { InputFormat } from '../../io/bodies.js';
import { formatCount } from '../../util/style.js';
import type { BodyFailure } from '../../validate/run.js';
import type { Command } from '../context.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: "Check response bodies against a vendor's schema",
  usage:
    'jobkit validate <vendor> <file...> [--format text|json] [--schema NAME] [--input-format auto|json|ndjson] [--strict]',
  description:
    'A .json file holds one body or an array of bodies; .ndjson/.jsonl one body per line (streamed, any size); "-" reads standard input. Prints each failing body with its file, line or index, JSON pointer and what was expected.\nExit 0 when every body is valid, 1 when any is invalid, 2 for usage errors or unreadable input.',
  options: {
    format: { type: 'string', value: 'text|json', default: 'text', description: 'Report format.' },
    schema: {
      type: 'string',
      value: 'NAME',
      description: "Validate against another of the vendor's schemas (e.g. PaginatedBatchExportRunList).",
    },
    strict: {
      type: 'boolean',
      description:
        "Also require what the lifecycle requires of a body in its state: a known status, a terminal body's finished time, a failed body's error, a per-state time in its state.",
    },
    'input-format': {
      type: 'string',
      value: 'auto|json|ndjson',
      default: 'auto',
      description: 'How to read inputs whose extension does not say (and stdin).',
    },
  },
  examples: [
    'jobkit validate posthog run.json',
    'jobkit validate pinpoint recorded.ndjson --format json > report.json',
    'curl -s $URL | jobkit validate weaviate -',
  ],
  async run(ctx, { values, positionals }) {
    const [vendorName, ...inputs] = positionals;
    if (!vendorName || inputs.length === 0) {
      throw new JobkitError('usage', `validate needs a vendor and at least one file.\nUsage: ${this.usage}`);
    }
    const format = String(values.format);
    if (format !== 'text' && format !== 'json') {
      throw new JobkitError('usage', `--format must be text or json, not "${format}".`);
    }
    const inputFormat = String(values['input-format']) as InputFormat;
    if (!['auto', 'json', 'ndjson'].includes(inputFormat)) {
      throw new JobkitError('usage', `--input-format must be auto, json or ndjson, not "${inputFormat}".`);
    }
    const vendor = ctx.registry().get(vendorName);
    const schema = typeof values.schema === 'string' ? values.schema : vendor.root;
    vendor.schemas.validator(schema); // an unknown --schema is a usage error before any input is read
    const strict = values.strict === true;
    if (strict && schema !== vendor.root) {
      throw new JobkitError(
        'usage',
        `--strict checks status bodies (${vendor.root}); it cannot be combined with --schema ${schema}. Drop one of them.`,
      );
    }

    const { stdout, stderr, out, err } = ctx;
    // The reader and the validator load only for this command: `jobkit serve` starts without them.
    const [{ formatLocation }, { validateInputs }] = await Promise.all([
      import('../../io/bodies.js'),
      import('../../validate/run.js'),
    ]);
    const json = format === 'json';
    let first = true;
    const problems: unknown[] = [];
    if (json)
      stdout.write(
        `{"vendor":${JSON.stringify(vendor.name)},"schema":${JSON.stringify(schema)},"failures":[`,
      );

    const summary = await validateInputs({
      vendor,
      schema,
      inputs,
      format: inputFormat,
      strict,
      stdin: ctx.stdin,
      onFailure(failure: BodyFailure) {
        if (json) {
          stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(failure)}`);
          first = false;
          return;
        }
        const width = Math.min(40, Math.max(...failure.issues.map((i) => (i.pointer || '/').length)));
        const lines = failure.issues.map(
          (i) => `    ${out.bold((i.pointer || '(body)').padEnd(width))}  ${i.message}`,
        );
        stdout.write(`${out.red('✗')} ${formatLocation(failure)}\n${lines.join('\n')}\n`);
      },
      onProblem(problem) {
        if (json) problems.push(problem);
        else stderr.write(`${err.red('error')} ${formatLocation(problem)}: ${problem.message}\n`);
      },
    });

    if (json) {
      stdout.write(
        `${first ? '' : '\n'}],"problems":${JSON.stringify(problems)},"summary":${JSON.stringify(summary)}}\n`,
      );
    } else {
      const parts = [
        `${formatCount(summary.bodies)} ${summary.bodies === 1 ? 'body' : 'bodies'} checked against ${vendor.name} ${schema}${strict ? ' (strict)' : ''}`,
      ];
      // No body read is no verdict: "all valid" over nothing would read as a pass.
      if (summary.invalid > 0) parts.push(out.red(`${formatCount(summary.invalid)} invalid`));
      else if (summary.bodies > 0) parts.push(out.green('all valid'));
      if (summary.invalid > 0) parts.push(`${formatCount(summary.valid)} valid`);
      if (summary.problems > 0) {
        parts.push(out.yellow(`${summary.problems} unreadable input${summary.problems === 1 ? '' : 's'}`));
      }
      stdout.write(`${parts.join(' · ')}\n`);
    }
    if (summary.problems > 0) return 2;
    return summary.invalid > 0 ? 1 : 0;
  },
};
