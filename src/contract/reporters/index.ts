import { createStyle, type Style } from '../../util/style.js';
import type { CheckReport } from '../types.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { textReport } from './text.js';

export { jsonReport } from './json.js';
export { junitReport } from './junit.js';
export { formatViolation, textReport } from './text.js';

const REPORTERS = {
  text: textReport,
  json: jsonReport,
  junit: junitReport,
} satisfies Record<string, (reports: CheckReport[], style: Style) => string>;

export type ReporterName = keyof typeof REPORTERS;

export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

/** The report in the named format; `style` colours the text format only. */
export function renderReport(name: ReporterName, reports: CheckReport[], style: Style): string {
  return REPORTERS[name](reports, style);
}

export interface FormatReportOptions {
  /** text (default), json or junit. */
  format?: ReporterName;
  /** ANSI colours in the text format (default false). */
  color?: boolean;
}

/**
 * The reports of `checkJob`, `checkRecording` or `runSuite` as the CLI prints them.
 * @example
 * const report = await checkRecording({ vendor, file: 'run.ndjson' });
 * writeFileSync('junit.xml', formatReport([report], { format: 'junit' }));
 */
export function formatReport(reports: CheckReport[], options: FormatReportOptions = {}): string {
  const style = createStyle({ isTTY: options.color === true }, options.color ? {} : { NO_COLOR: '1' });
  return renderReport(options.format ?? 'text', reports, style);
}
