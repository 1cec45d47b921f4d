import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { JobkitError } from '../../errors.js';
import { BUILTIN_ROOT } from '../../paths.js';
import { displayPath } from '../../schema/bundle.js';
import { toIssues } from '../../schema/issues.js';
import { forbiddenNameAt, forbiddenNameMessage } from '../../schema/names.js';
import { parseDataText } from '../../util/data-text.js';
import type { Registry } from '../../vendors/registry.js';
import { assertRunnable, type PreflightOptions } from './preflight.js';
import type { Suite } from './types.js';

type SuiteValidator = ReturnType<Ajv2020['compile']>;

// Ajv is required when the first suite is loaded, not imported: the library entry point imports
// this module, and loading Ajv's compiler costs tens of ms (see schema/ajv.ts).
const require = createRequire(import.meta.url);

export interface SuiteLoader {
  /**
   * Reads and checks a suite file; problems name the file and JSON pointer (exit 2). Every `{var}`
   * must be defined before the step that uses it; with `options`, the base URL and `{env.NAME}`
   * are checked too, so a run fails before its first request rather than in the middle.
   */
  load(path: string, registry: Registry, options?: PreflightOptions): Suite;
}

/** A loader that compiles contracts/suite.schema.json once, on its first suite, for all the rest. */
export function createSuiteLoader(): SuiteLoader {
  let validate: SuiteValidator | undefined;
  return {
    load(path, registry, options = {}) {
      const file = displayPath(path);
      const data = parseSuiteFile(path, file);
      validate ??= compileSuiteSchema();
      if (!validate(data)) {
        const lines = toIssues(validate.errors, data).map((i) => `  ${file}#${i.pointer}: ${i.message}`);
        throw new JobkitError(
          'input',
          `Suite ${file} does not match contracts/suite.schema.json:\n${lines.join('\n')}`,
          { file },
        );
      }
      const suite = data as Omit<Suite, 'file'>;
      registry.get(suite.vendor); // unknown vendor: a usage error naming the known ones
      const loaded = { ...suite, file };
      assertRunnable(loaded, options);
      return loaded;
    },
  };
}

/** Reads and checks one suite file (compiling the suite schema for it: load many with createSuiteLoader). */
export function loadSuite(path: string, registry: Registry, options?: PreflightOptions): Suite {
  return createSuiteLoader().load(path, registry, options);
}

function compileSuiteSchema(): SuiteValidator {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(JSON.parse(readFileSync(join(BUILTIN_ROOT, 'contracts', 'suite.schema.json'), 'utf8')));
}

/** The file's JSON or YAML value; `file` is how messages name it. */
function parseSuiteFile(path: string, file: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new JobkitError(
      'input',
      `Cannot read suite ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}.`,
      { file, cause: error },
    );
  }
  const parsed = parseDataText(text, path);
  if (!parsed.ok) {
    throw new JobkitError('input', `${file}${parsed.at}: ${parsed.reason}.`, {
      file,
      ...(parsed.cause === undefined ? {} : { cause: parsed.cause }),
    });
  }
  const forbidden = forbiddenNameAt(parsed.value);
  if (forbidden) {
    throw new JobkitError('input', `${file}#${forbidden.pointer}: ${forbiddenNameMessage(forbidden.name)}`, {
      file,
      pointer: forbidden.pointer,
    });
  }
  return parsed.value;
}
