/** How a vendor's HTTP API is served by the mock: routes and error bodies, as data. */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseSpec {
  status: number;
  /** A template (see template.ts); `"{{body}}"` is the job's status body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ListSpec {
  /** Query parameter and bounds of the page size; `fixed` ignores the client's value (DRF page_size). */
  limit?: { query?: string; default: number; max: number };
  /** Query parameter carrying the opaque continuation token. */
  cursor: string;
  /** `url`: the next page is a full URL (DRF); `token`: a bare token (FullStory, AWS). */
  next: 'url' | 'token';
  /** Query parameters that filter by status (repeatable) and by a body field. */
  statusFilter?: string;
  fieldFilters?: Record<string, string>;
  /** Path parameters a listed job's body must match: parameter → body pointer (Pinpoint segment-id). */
  match?: Record<string, string>;
  /** Envelope template; `{{items}}`, `{{next}}`, `{{previous}}` are filled. */
  body: unknown;
}

export interface CreateSpec {
  /** Schema (in the vendor bundle) the request body must match; a mismatch is a bad_request error. */
  request?: string;
  /** Where the new job's id comes from in the request (Weaviate takes the client's id). */
  idFrom?: string;
  /** Job parameters taken from the request body (e.g. groups from /include). */
  paramsFrom?: Record<string, string>;
  /** Scenario when the request does not pick one (header X-Jobkit-Scenario or ?scenario=). */
  scenario?: string;
  /** How many jobs one request creates (default 1; the `hourly-runs` hook decides it instead). */
  count?: number;
  /** Extra job parameters shared by the jobs of one request, e.g. a backfill id. */
  batchParams?: Record<string, string>;
  /** The path's job id must name an existing job (PostHog retry); otherwise not_found. */
  requireJob?: boolean;
  /** One-vendor behaviours, by name (see hooks.ts). */
  hooks?: CreateHooksSpec;
  response: ResponseSpec;
}

/** The create hooks a lifecycle file may name, with their options (hooks.ts implements them). */
export interface CreateHooksSpec {
  /** One job per hour between two request fields, at most `max` (PostHog backfills). */
  'hourly-runs'?: { from: string; to: string; max: number };
  /** Refuse with `conflict` and this message while a job created through this route is active. */
  'one-active'?: { message: string };
  /** Answer the creation with the first job's body as in this state (Weaviate's STARTED). */
  'respond-as'?: { state: string };
}

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI-style path: /v1/export/{backend}/{id}. `{id}` is the job id. */
  path: string;
  action: 'status' | 'list' | 'create' | 'cancel' | 'static' | 'lookup';
  summary?: string;
  /** Path parameter holding the job id (default `id`). */
  idParam?: string;
  /** Path parameters that name a job parameter differently (PostHog's environment_id is project_id). */
  paramAliases?: Record<string, string>;
  /** Schema of the request body, for the OpenAPI export (create routes say it in `create.request`). */
  requestSchema?: string;
  /** Allowed values of path parameters; anything else is an `unsupported` error. */
  paramValues?: Record<string, string[]>;
  /** Which schema of the vendor the 2xx body follows (for docs and the OpenAPI export). */
  schema?: string;
  list?: ListSpec;
  create?: CreateSpec;
  /** For cancel: the answer when cancelled; refusals use the `cancel_refused` error. */
  response?: ResponseSpec;
  /** For lookup: find the job whose status body has the path parameter at this pointer. */
  lookup?: { pointer: string; param: string; when?: string[] };
}

/** What a vendor says differently from the kind's defaults (errors.ts: ERROR_DEFAULTS). */
export interface ErrorKind {
  status?: number;
  /** Filled into the error template as {{code}}, {{type}}, {{message}}; code and type default to the kind's name. */
  code?: string;
  type?: string;
  message?: string;
}

export interface ErrorsSpec {
  /** The vendor schema error bodies follow (for the OpenAPI export). */
  schema?: string;
  body: unknown;
  headers?: Record<string, string>;
  kinds: Partial<Record<ErrorKindName, ErrorKind>>;
}

export interface ApiSpec {
  routes: RouteSpec[];
  errors: ErrorsSpec;
  /** Headers on every response ({{requestId}}: a fresh id per request). */
  headers?: Record<string, string>;
  /** How the real API authenticates, as an OpenAPI security scheme (documentation only). */
  security?: Record<string, unknown>;
}

/** Error kinds the mock itself raises; a vendor's errors section says how its own differ from the defaults. */
export const ERROR_KINDS = [
  'not_found',
  'bad_request',
  'conflict',
  'cancel_refused',
  'unsupported',
  'payload_too_large',
  'too_many_requests',
  'server_error',
] as const;
export type ErrorKindName = (typeof ERROR_KINDS)[number];
