/**
 * The api section of a vendor file (routes and error bodies, as data), generated from
 * mocks/lifecycle.schema.json like the rest of the format: the names the mock uses for them.
 */
import type { CreateSpec, RouteSpec } from './vendor-file.generated.js';

export type {
  ApiSpec,
  CreateSpec,
  ErrorKind,
  ErrorsSpec,
  ListSpec,
  LookupSpec,
  ResponseSpec,
  RouteSpec,
} from './vendor-file.generated.js';

export type HttpMethod = RouteSpec['method'];
export type RouteAction = RouteSpec['action'];

/** The create hooks a vendor file may name, with their options (src/mock/hooks.ts implements them). */
export type CreateHooksSpec = NonNullable<CreateSpec['hooks']>;
