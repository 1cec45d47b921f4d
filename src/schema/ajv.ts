import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type * as Codegen from 'ajv/dist/compile/codegen/index.js';
import { OPENAPI_ANNOTATIONS } from './keywords.js';

// Ajv is required on first use, not imported: with the precompiled validators a cold
// `jobkit validate` never starts Ajv's compiler, and loading its ~70 modules costs ~40 ms.
const require = createRequire(import.meta.url);

/**
 * One Ajv for every vendor: the 2020-12 meta-schema is compiled once per process.
 * With `standalone`, it also emits code for precompiled validators (see precompile.ts), which
 * find the formats at dist/schema/formats.cjs.
 */
export function createAjv(options: { standalone?: boolean } = {}): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const { _ } = require('ajv/dist/compile/codegen/index.js') as typeof Codegen;
  const { formats } = require('./formats.cjs') as { formats: Record<string, unknown> };
  const ajv = new Ajv({
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    validateFormats: true,
    code: options.standalone
      ? { source: true, esm: false, lines: false, formats: _`require("../schema/formats.cjs").formats` }
      : { esm: true },
  });
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format as never);
  for (const keyword of OPENAPI_ANNOTATIONS) ajv.addKeyword({ keyword, schemaType: undefined });
  return ajv;
}

export type { Ajv2020 };
