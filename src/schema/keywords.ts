/**
 * Where subschemas live in a JSON Schema node. The walkers below only descend through these,
 * so a property *named* "nullable" or "$ref" is never mistaken for a keyword.
 */
export const SINGLE_SUBSCHEMA = [
  'additionalProperties',
  'additionalItems',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
] as const;

export const ARRAY_OF_SUBSCHEMAS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'] as const;

export const MAP_OF_SUBSCHEMAS = [
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependencies',
] as const;

/**
 * OpenAPI annotations that mean nothing to validation. Ajv's strict mode rejects unknown
 * keywords (a typo such as "requried" would silently weaken a contract), so these are
 * registered as annotations instead of being turned off wholesale.
 */
export const OPENAPI_ANNOTATIONS = ['example', 'xml', 'externalDocs', 'discriminator'] as const;

/** Formats OpenAPI defines beyond JSON Schema's own. */
export const OPENAPI_FORMATS = [
  'int32',
  'int64',
  'uint32',
  'uint64',
  'float',
  'double',
  'byte',
  'binary',
  'password',
] as const;
