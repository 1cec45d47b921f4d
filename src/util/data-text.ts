import { parseJsonLocated } from './json.js';
import { parseYaml } from './yaml.js';

export type DataText =
  | { ok: true; value: unknown }
  /** `at` is ":line:column" when known, else ""; `reason` reads "invalid JSON (…)" or "invalid YAML (…)". */
  | { ok: false; at: string; reason: string; cause?: unknown };

/**
 * Parses the text of a data file (a schema, a vendor file, a suite, a HAR recording): JSON when the
 * path ends in .json (or `format` says so), YAML otherwise. A failure says where and why, in the
 * same words whichever file it is; the caller names the file and throws.
 */
export function parseDataText(text: string, path: string, format?: 'json' | 'yaml'): DataText {
  if ((format ?? (/\.json$/i.test(path) ? 'json' : 'yaml')) === 'json') {
    const parsed = parseJsonLocated(text);
    if (parsed.ok) return parsed;
    return { ok: false, at: `:${parsed.line}:${parsed.column}`, reason: `invalid JSON (${parsed.reason})` };
  }
  try {
    return { ok: true, value: parseYaml(text) };
  } catch (error) {
    const e = error as { linePos?: { line: number; col: number }[]; message?: string };
    const at = e.linePos?.[0] ? `:${e.linePos[0].line}:${e.linePos[0].col}` : '';
    return {
      ok: false,
      at,
      reason: `invalid YAML (${(e.message ?? String(error)).split('\n')[0]})`,
      cause: error,
    };
  }
}
