import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { OPENAPI_ANNOTATIONS } from './keywords.js';

// ajv-formats ships CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020, opts?: unknown) => Ajv2020;

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;
const UINT32 = 2 ** 32;
const UINT64 = 2 ** 64;

/**
 * One Ajv for every vendor: the 2020-12 meta-schema is compiled once per process.
 * Formats are checked in ajv-formats' full mode: a contract verdict must not accept Feb 30.
 */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    allErrors: true,
    validateFormats: true,
    code: { esm: true },
  });
  addFormats(ajv, { mode: 'full' });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32,
  });
  ajv.addFormat('uint32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= 0 && n < UINT32,
  });
  // Past 2^53 JSON numbers lose precision in JavaScript; the range check still holds for what JSON.parse produced.
  ajv.addFormat('int64', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -INT64 && n <= INT64,
  });
  ajv.addFormat('uint64', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= UINT64,
  });
  ajv.addFormat('float', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat('byte', /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
  ajv.addFormat('binary', true);
  ajv.addFormat('password', true);
  for (const keyword of OPENAPI_ANNOTATIONS) ajv.addKeyword({ keyword, schemaType: undefined });
  return ajv;
}

export type { Ajv2020 };
