// @ts-check
/**
 * Every format jobkit checks, in one CommonJS module (plain JavaScript, so that both the
 * TypeScript sources and the precompiled standalone validators can require it): ajv-formats'
 * full mode, so a contract verdict never accepts Feb 30, plus the formats OpenAPI defines.
 */
const { fullFormats } = require('ajv-formats/dist/formats');

const INT32 = 2 ** 31;
const INT64 = 2 ** 63;
const UINT32 = 2 ** 32;
const UINT64 = 2 ** 64;

/** @type {Record<string, unknown>} */
const formats = {
  ...fullFormats,
  int32: {
    type: 'number',
    validate: (/** @type {number} */ n) => Number.isInteger(n) && n >= -INT32 && n < INT32,
  },
  uint32: {
    type: 'number',
    validate: (/** @type {number} */ n) => Number.isInteger(n) && n >= 0 && n < UINT32,
  },
  // Past 2^53 JSON numbers lose precision in JavaScript; the range check still holds for what JSON.parse produced.
  int64: {
    type: 'number',
    validate: (/** @type {number} */ n) => Number.isInteger(n) && n >= -INT64 && n <= INT64,
  },
  uint64: {
    type: 'number',
    validate: (/** @type {number} */ n) => Number.isInteger(n) && n >= 0 && n <= UINT64,
  },
  float: { type: 'number', validate: (/** @type {number} */ n) => Number.isFinite(n) },
  double: { type: 'number', validate: (/** @type {number} */ n) => Number.isFinite(n) },
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  binary: true,
  password: true,
};

module.exports = { formats };
