import type { Context } from 'hono';
import type { Job } from '../../lifecycle/engine.js';
import type { JsonObject } from '../../util/json.js';
import type { MockEnv } from '../body.js';
import type { BoundHook } from '../hooks.js';
import { headerTemplates, jobHeadersNow, jobHeadersOf } from '../job-headers.js';
import type { MockVendor } from '../jobs.js';
import type { CompiledRoute } from '../routes.js';
import type { MockState } from '../state.js';
import type { StatusAnswers } from '../status.js';
import type { Lookup } from '../template.js';
import type { ErrorKindName, RouteSpec } from '../types.js';

/** A route as the app serves it: compiled, with its create hooks bound. */
export interface ServedRoute extends CompiledRoute {
  hooks: BoundHook[];
}

/** What a handler gets: the request, its route and path parameters, and the app's parts. */
export interface ActionRequest {
  c: Context<MockEnv>;
  route: ServedRoute;
  params: Record<string, string>;
  state: MockState;
  status: StatusAnswers;
  /** This request's id, made when first asked for: api.headers and the route's headers share it. */
  requestId: () => string;
  /** The request's origin (scheme, host, port), for {{statusUrl}}. */
  origin: () => string;
}

/** Example jobs rendered for the OpenAPI export, on its manual clock. */
export interface Examples {
  readonly vendor: MockVendor;
  job(scenario?: string): Job;
  /** A job's body this long after its creation (default: mid-lifecycle). */
  body(atMs?: number, scenario?: string): Record<string, unknown>;
  finished(): Record<string, unknown>;
  /** How long after its creation `body()` shows a job by default. */
  readonly atMs: number;
}

/** What an action's describe() gets for one route. */
export interface DescribeRequest {
  route: RouteSpec;
  vendor: MockVendor;
  examples: Examples;
  /** A `$ref` to one of the vendor's schemas, as a component. */
  ref(schema: string): JsonObject;
  /** The origin examples of absolute URLs use (the export's server URL). */
  origin: string;
}

/** The action's part of a route's OpenAPI operation; errors are described by the export. */
export interface OperationPart {
  parameters?: JsonObject[];
  /** The success answers, by status code. */
  responses: JsonObject;
  /** The error kinds this action answers (besides faults and parameter checks). */
  kinds: ErrorKindName[];
  /** Kinds this route's options add (listed after the faults' and parameter checks'). */
  optionKinds?: ErrorKindName[];
}

export interface Action {
  handle(request: ActionRequest): Response | Promise<Response>;
  describe(request: DescribeRequest): OperationPart;
}

export const json = (schema: JsonObject, example: unknown): JsonObject => ({
  'application/json': { schema, ...(example === undefined ? {} : { example }) },
});

export const schemaOr = (d: DescribeRequest, name: string | undefined): JsonObject =>
  name ? d.ref(name) : { type: 'object' };

const EXAMPLE_REQUEST_ID = '6f1c2a9e-2b4d-4c1e-9a7b-0e1d2c3b4a59';

/**
 * The route's own headers as an OpenAPI response's `headers`, each with its template and the
 * value it takes for an example job at a moment; `{}` when the route declares none.
 */
export function headersPart(
  d: DescribeRequest,
  job: Job,
  now: number,
  body: unknown,
  extra?: Lookup,
): { headers?: JsonObject } {
  const headers = jobHeadersOf(d.route, d.vendor.vendor.lifecycle.api?.routes ?? [d.route]);
  if (!headers) return {};
  const values = jobHeadersNow(
    headers,
    {
      job,
      now,
      body: () => body,
      state: () => d.vendor.snapshot(job, now).state,
      ...(extra ? { extra } : {}),
    },
    { requestId: () => EXAMPLE_REQUEST_ID, origin: () => d.origin },
  );
  const templates = headerTemplates(d.route) ?? {};
  const doc: JsonObject = {};
  for (const name of headers.names) {
    doc[name] = {
      description: `Template: ${templates[name]}${values[name] === undefined ? ' (not sent when it has no value)' : ''}`,
      schema: { type: 'string' },
      ...(values[name] === undefined ? {} : { example: values[name] }),
    };
  }
  return { headers: doc };
}

/** The vendor's success headers are added by the app; a handler answers with its body. */
export type Handler = Action['handle'];
