import { ACTIONS } from '../mock/actions/index.js';
import { answeredApart, vendorError } from '../mock/errors.js';
import type { MockVendor } from '../mock/jobs.js';
import type { ApiSpec, ErrorKindName, RouteSpec } from '../mock/types.js';
import type { JsonObject } from '../util/json.js';
import type { ExampleJobs } from './examples.js';

const EXAMPLE_REQUEST_ID = '6f1c2a9e-2b4d-4c1e-9a7b-0e1d2c3b4a59';
/** The mock's fault injection can make any route answer these; a wrong method on its path, 405. */
const FAULT_KINDS: ErrorKindName[] = ['too_many_requests', 'server_error', 'method_not_allowed'];
/** What `--require-auth` answers on the routes of a vendor with an api.auth. */
const AUTH_KINDS: ErrorKindName[] = ['unauthorized', 'forbidden'];

export interface OperationRequest {
  vendor: MockVendor;
  api: ApiSpec;
  route: RouteSpec;
  ref: (schema: string) => JsonObject;
  examples: ExampleJobs;
  /** The server URL examples of absolute URLs use. */
  origin: string;
}

function pathParameters(route: RouteSpec): JsonObject[] {
  return [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => {
    const name = m[1] as string;
    const values = route.paramValues?.[name];
    return {
      name,
      in: 'path',
      required: true,
      schema: { type: 'string', ...(values ? { enum: values } : {}) },
    };
  });
}

/** The error answers of a route, one response per status (several kinds share one as examples). */
function errorResponses(
  api: ApiSpec,
  kinds: Set<ErrorKindName>,
  ref: OperationRequest['ref'],
): [string, JsonObject][] {
  const byStatus = new Map<
    number,
    { kind: ErrorKindName; example: unknown; headers: Record<string, string>; own: boolean }[]
  >();
  for (const kind of kinds) {
    if (!answeredApart(api.errors, kind)) continue;
    const e = vendorError(api.errors, kind, {
      requestId: EXAMPLE_REQUEST_ID,
      method: 'PUT',
      allow: 'GET',
      path: '/unknown',
      // A body cut short: `{"id":"x",` as jobkit and Go's encoding/json word it (invalid_json).
      reason: 'expected a property name in double quotes, got end of input',
      line: 1,
      column: 11,
      goReason: 'unexpected EOF',
    });
    const list = byStatus.get(e.status) ?? [];
    // A kind in a shape of its own (Weaviate's go-swagger errors) is not the errors schema's.
    list.push({ kind, example: e.body, headers: e.headers, own: api.errors.kinds[kind]?.body !== undefined });
    byStatus.set(e.status, list);
  }
  return [...byStatus]
    .sort(([a], [b]) => a - b)
    .map(([status, list]) => {
      const first = list[0] as (typeof list)[number];
      const headerNames = new Set(list.flatMap((l) => Object.keys(l.headers)));
      if (status === 429) headerNames.add('Retry-After');
      if (list.some((l) => l.kind === 'method_not_allowed')) headerNames.add('Allow');
      const examples = Object.fromEntries(
        list.map((l) => [l.kind, { summary: l.kind.replace('_', ' '), value: l.example }]),
      );
      return [
        String(status),
        {
          description: list.map((l) => l.kind.replace('_', ' ')).join(', '),
          ...(headerNames.size > 0
            ? {
                headers: Object.fromEntries([...headerNames].map((h) => [h, { schema: { type: 'string' } }])),
              }
            : {}),
          content: {
            [api.errors.contentType ?? 'application/json']: {
              schema:
                api.errors.schema && !list.some((l) => l.own) ? ref(api.errors.schema) : { type: 'object' },
              ...(list.length === 1 ? { example: first.example } : { examples }),
            },
          },
        },
      ];
    });
}

/** A request window's headers (api.rateLimit) on every response: the mock sends them on each answer. */
function addWindowHeaders(responses: JsonObject, spec: NonNullable<ApiSpec['rateLimit']>): void {
  const said: Record<string, string> = {
    limit: `Requests allowed per window (${spec.windowMs} ms), per credential or client`,
    remaining: 'Requests left in the window after this one',
    reset: spec.reset === 'unix-s' ? "The window's end, in Unix seconds" : "Seconds until the window's end",
  };
  for (const response of Object.values(responses) as JsonObject[]) {
    const headers = { ...((response.headers as JsonObject | undefined) ?? {}) };
    for (const [what, name] of Object.entries(spec.headers))
      if (name) headers[name] = { description: said[what] as string, schema: { type: 'integer' } };
    response.headers = headers;
  }
}

/** A route's OpenAPI operation: its action's describe(), then the errors every route can answer. */
export function operationFor({ vendor, api, route, ref, examples, origin }: OperationRequest): JsonObject {
  const name = vendor.name;
  const part = ACTIONS[route.action].describe({ route, vendor, examples, ref, origin });
  const parameters = [...pathParameters(route), ...(part.parameters ?? [])];
  const responses: JsonObject = { ...part.responses };
  const kinds = new Set<ErrorKindName>([...part.kinds, ...FAULT_KINDS]);
  if (route.paramValues) kinds.add('unsupported');
  if (api.auth) for (const kind of AUTH_KINDS) kinds.add(kind);
  for (const kind of part.optionKinds ?? []) kinds.add(kind);
  for (const [status, response] of errorResponses(api, kinds, ref)) responses[status] ??= response;
  if (api.rateLimit) addWindowHeaders(responses, api.rateLimit);
  const requestSchema = route.create?.request ?? route.requestSchema;
  return {
    operationId: `${name}.${route.action}.${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '_')}`,
    tags: [name],
    ...(route.summary ? { summary: route.summary } : {}),
    ...(api.trailingSlash === 'optional'
      ? {
          description: `The path is documented in its canonical form; the API also answers it ${route.path.endsWith('/') ? 'without' : 'with'} the trailing slash.`,
        }
      : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestSchema
      ? { requestBody: { required: true, content: { 'application/json': { schema: ref(requestSchema) } } } }
      : {}),
    ...(api.security ? { security: [{ [name]: [] }, {}] } : {}),
    responses,
  };
}
