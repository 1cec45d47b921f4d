import { Ajv2020 } from 'ajv/dist/2020.js';
import { AJV_OPTIONS, configureAjv } from './ajv-setup.js';
// A plain import, not a require on first use: this module is for bundles (a browser), where
// there is no require and the start-up cost of loading Ajv is paid by the bundle anyway.
import formatsModule from './formats.cjs';

/** An Ajv configured as `createAjv` makes one, loaded by import (no node:module). */
export function createStaticAjv(): Ajv2020 {
  const { formats } = formatsModule as { formats: Record<string, unknown> };
  return configureAjv(new Ajv2020({ ...AJV_OPTIONS, code: { esm: true } }), formats);
}
