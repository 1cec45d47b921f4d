/** How a vendor's HTTP API is served by the mock: the format's api types, and the mock's own error kinds. */
export type {
  ApiSpec,
  CreateHooksSpec,
  CreateSpec,
  ErrorKind,
  ErrorsSpec,
  HttpMethod,
  ListSpec,
  LookupSpec,
  ResponseSpec,
  RouteAction,
  RouteSpec,
} from '../format/api.js';

/** Error kinds the mock itself raises; a vendor's errors section says how its own differ from the defaults. */
export const ERROR_KINDS = [
  'not_found',
  'bad_request',
  'invalid_body',
  'invalid_json',
  'conflict',
  'cancel_refused',
  'unsupported',
  'payload_too_large',
  'too_many_requests',
  'server_error',
  'unauthorized',
  'forbidden',
  'method_not_allowed',
  'no_route',
  'too_many_active',
] as const;
export type ErrorKindName = (typeof ERROR_KINDS)[number];
