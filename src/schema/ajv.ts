import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type * as Codegen from 'ajv/dist/compile/codegen/index.js';
import { AJV_OPTIONS, configureAjv } from './ajv-setup.js';

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
    ...AJV_OPTIONS,
    code: options.standalone
      ? { source: true, esm: false, lines: false, formats: _`require("../schema/formats.cjs").formats` }
      : { esm: true },
  });
  return configureAjv(ajv, formats);
}

export type { Ajv2020 };
