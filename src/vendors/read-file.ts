import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { JobkitError } from '../errors.js';
import type { VendorFile } from '../format/types.js';
import { displayPath } from '../schema/bundle.js';
import { toIssues } from '../schema/issues.js';
import { forbiddenNameAt, forbiddenNameMessage } from '../schema/names.js';
import { parseDataText } from '../util/data-text.js';
import { checkVendorFile } from './check-file.js';

export type { StateDefinition, Terminal, VendorFile } from '../format/types.js';
/** The former name of the vendor file's type. */
export type LifecycleFile = VendorFile;

/**
 * Reads a vendor file (mocks/<vendor>/lifecycle.json or .yaml), checks it against the format's
 * JSON Schema (`validate`, owned by the registry), then against its own declarations (states,
 * conditions, scenarios, routes). Every problem names the file and the pointer.
 */
export function readVendorFile(
  vendor: string,
  path: string,
  validate: ValidateFunction | undefined,
): VendorFile {
  const file = displayPath(path);
  const fail = (where: string, what: string): never => {
    throw new JobkitError('lifecycle-load', `Failed to load vendor "${vendor}": ${file}${where}: ${what}`, {
      file,
      ...(where.startsWith('#') ? { pointer: where.slice(1) } : {}),
    });
  };
  const data = parseFile(path, fail);
  const forbidden = forbiddenNameAt(data);
  if (forbidden) fail(`#${forbidden.pointer}`, forbiddenNameMessage(forbidden.name));
  if (validate && !validate(data)) {
    const issues = toIssues(validate.errors, data);
    const lines = issues.map((i) => `  ${file}#${i.pointer}: ${i.message}`);
    throw new JobkitError(
      'lifecycle-load',
      `Failed to load vendor "${vendor}": its lifecycle file does not match mocks/lifecycle.schema.json:\n${lines.join('\n')}`,
      { file, ...(issues.length === 1 && issues[0] ? { pointer: issues[0].pointer } : {}) },
    );
  }
  const vendorFile = data as VendorFile;
  if (vendorFile.name !== undefined && vendorFile.name !== vendor) {
    fail('#/name', `says "${vendorFile.name}" but the folder is "${vendor}". Make them equal.`);
  }
  if (vendorFile.replaces !== undefined && vendorFile.replaces !== vendor) {
    fail(
      '#/replaces',
      `says "${vendorFile.replaces}" but the folder is "${vendor}": a vendor replaces the built-in of its own name. Make them equal, or remove "replaces".`,
    );
  }
  checkVendorFile(vendorFile, (pointer, what) => fail(`#${pointer}`, what));
  return vendorFile;
}

function parseFile(path: string, fail: (where: string, what: string) => never): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return fail('', `cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  const parsed = parseDataText(text, path);
  return parsed.ok ? parsed.value : fail(parsed.at, `${parsed.reason}.`);
}
