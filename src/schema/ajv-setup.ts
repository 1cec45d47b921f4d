import type { Ajv2020, Options } from 'ajv/dist/2020.js';
import { OPENAPI_ANNOTATIONS } from './keywords.js';

/** jobkit's Ajv options (strict, every error, formats checked), whichever way Ajv was loaded. */
export const AJV_OPTIONS: Options = {
  strict: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
  allErrors: true,
  validateFormats: true,
};

/** Adds jobkit's formats and the OpenAPI annotation keywords to a new Ajv. */
export function configureAjv(ajv: Ajv2020, formats: Record<string, unknown>): Ajv2020 {
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format as never);
  for (const keyword of OPENAPI_ANNOTATIONS) ajv.addKeyword({ keyword, schemaType: undefined });
  return ajv;
}
