import type { ErrorsSpec } from '../format/types.js';
import type { ApiDocument } from './document.js';
import { type DeclaredResponse, responsesOf } from './operation.js';
import type { InferredRoutes } from './routes.js';
import { type SchemaView, squash } from './schema-view.js';

export interface InferredErrors {
  errors: ErrorsSpec;
  lines: string[];
  undecided: string[];
}

const PLAIN_JSON = /^(application\/json|\*\/\*)$/i;

/** The error body from the schema the job's routes answer errors with; kinds take its declared codes. */
export function inferErrors(doc: ApiDocument, routes: InferredRoutes): InferredErrors {
  const lines: string[] = [];
  const undecided: string[] = [];
  let declared: DeclaredResponse | undefined;
  for (const op of routes.ops) {
    declared ??= responsesOf(doc, op).find((r) => (r.code >= 400 || r.code === 0) && r.schema?.name);
  }
  const schema = declared?.schema;
  const kinds = kindsOf(routes.codes);
  if (!schema) {
    undecided.push('no error schema on the job routes: errors are sent as {"code", "message"}');
    return { errors: { body: { code: '{{code}}', message: '{{message}}' }, kinds }, lines, undecided };
  }
  const body = templateOf(schema, 0, undecided, '');
  // A JSON flavour of its own (application/problem+json) is what clients branch on: sent as declared.
  const contentType =
    declared?.mediaType && !PLAIN_JSON.test(declared.mediaType) ? declared.mediaType : undefined;
  lines.push(
    `errors: ${schema.name} (${doc.file}#${schema.pointer}), as ${JSON.stringify(body)}${contentType ? `, sent as ${contentType}` : ''}`,
  );
  return {
    errors: { schema: schema.name as string, body, kinds, ...(contentType ? { contentType } : {}) },
    lines,
    undecided,
  };
}

/** Statuses the document declares win over the defaults where a kind has a choice. */
function kindsOf(codes: Set<number>): ErrorsSpec['kinds'] {
  const kinds: ErrorsSpec['kinds'] = {};
  if (!codes.has(400) && codes.has(422)) kinds.bad_request = { status: 422 };
  if (!codes.has(409) && codes.has(400)) kinds.cancel_refused = { status: 400 };
  return kinds;
}

function templateOf(
  view: SchemaView,
  depth: number,
  undecided: string[],
  at: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, v] of view.properties) {
    const value = memberOf(name, v, depth, undecided, `${at}/${name}`);
    if (value !== undefined) body[name] = value;
    else if (view.required.has(name))
      undecided.push(`error body ${at}/${name}: required, but the mock has nothing to put there`);
  }
  return body;
}

function memberOf(name: string, v: SchemaView, depth: number, undecided: string[], at: string): unknown {
  const s = squash(name);
  if (
    v.type === 'object' &&
    v.properties.size > 0 &&
    depth < 2 &&
    /^(error|errors|err|fault|problem)$/.test(s)
  ) {
    return templateOf(v, depth + 1, undecided, at);
  }
  if (
    v.type === 'string' &&
    /^(message|detail|details|errormessage|msg|description|errordescription|error|reason)$/.test(s)
  )
    return '{{message}}';
  if (v.type === 'string' && /^(code|errorcode|error_code|errortype)$/.test(s))
    return v.enum ? v.enum[0] : '{{code}}';
  if ((v.type === 'integer' || v.type === 'number') && /^(code|status|statuscode|httpstatus)$/.test(s))
    return '{{status}}';
  if (v.type === 'string' && s === 'type')
    return v.format === 'uri' || v.format === 'uri-reference' ? 'about:blank' : '{{type}}';
  if (v.type === 'string' && s === 'title') return '{{type}}';
  if (v.type === 'string' && /^(requestid|traceid)$/.test(s)) return '{{requestId}}';
  return v.nullable ? null : undefined;
}
