import type { Condition, FieldSpec, StatusSpec } from '../format/types.js';
import { joinPointer } from '../util/pointer.js';
import { inferBody } from './fields.js';
import { type SchemaView, squash } from './schema-view.js';
import type { InferredStates } from './states.js';

/**
 * Google's long-running operations (AIP-151): a body with no status field. A running operation
 * is `{name, metadata}` (`done` absent, as proto3 JSON omits false, or false); a finished one has
 * `done: true` and either `response` or `error` (a google.rpc.Status, code 1 CANCELLED after a
 * cancel). The state is derived from those members (`status.derive`) and the mock writes them
 * from its state: the derive list and the body below say the same thing in two directions.
 */
export interface LroShape {
  error?: SchemaView;
  response?: SchemaView;
  metadata?: SchemaView;
}

/** The states jobkit gives an operation: the body can tell no more apart. */
export const LRO_STATES = ['running', 'succeeded', 'failed', 'cancelled'];

/** google.rpc.Code: CANCELLED, and INTERNAL for the mock's failures. */
const CANCELLED = 1;
const INTERNAL = 13;

/** An operation: a boolean `done` beside an `error` or a `response` member. */
export function lroShapeOf(root: SchemaView): LroShape | undefined {
  if (root.properties.get('done')?.type !== 'boolean') return undefined;
  const error = root.properties.get('error');
  const response = root.properties.get('response');
  if (!error && !response) return undefined;
  const metadata = root.properties.get('metadata');
  return {
    ...(error ? { error } : {}),
    ...(response ? { response } : {}),
    ...(metadata ? { metadata } : {}),
  };
}

/** First match wins: a cancel is an error with code 1, any other error a failure, done alone success. */
export function lroDerive(shape: LroShape): NonNullable<StatusSpec['derive']> {
  const done: Condition = { equals: { '/done': true } };
  const failed: { state: string; when: Condition }[] = shape.error
    ? [
        { state: 'cancelled', when: { all: [done, { equals: { '/error/code': CANCELLED } }] } },
        { state: 'failed', when: { all: [done, { present: '/error' }] } },
      ]
    : [];
  const list: { state: string; when: Condition }[] = [
    ...failed,
    { state: 'succeeded', when: done },
    { state: 'running', when: { not: done } },
  ];
  return list as NonNullable<StatusSpec['derive']>;
}

export interface LroBody {
  body: Record<string, FieldSpec>;
  lines: string[];
  undecided: string[];
  free: string[];
}

/** The operation's fields, each written from the mock's state; the metadata as the schema names its members. */
export function lroBody(
  root: SchemaView,
  shape: LroShape,
  states: InferredStates,
  name: string | undefined,
): LroBody {
  const out: LroBody = { body: {}, lines: [], undecided: [], free: [] };
  const say = (key: string, what: string, spec: FieldSpec) => {
    out.body[key] = spec;
    out.lines.push(`/${key}: ${what}`);
  };
  if (root.properties.get('name')?.type === 'string' && name !== undefined)
    say('name', `the operation's name, ${name}`, { from: 'template', value: name });
  if (shape.metadata) metadataOf(shape.metadata, states, out);
  say('done', 'true once the operation is over; absent while it runs (proto3 JSON omits false)', {
    from: 'const',
    value: true,
    when: 'terminal',
  });
  if (shape.error)
    say(
      'error',
      `a google.rpc.Status when it failed (code ${INTERNAL}) or was cancelled (code ${CANCELLED})`,
      errorOf(shape.error),
    );
  if (shape.response)
    say(
      'response',
      'the result, when it succeeded (its members left to json-schema-faker)',
      responseOf(shape.response),
    );
  for (const key of root.properties.keys()) {
    if (out.body[key] === undefined && key !== 'name') out.free.push(joinPointer('', key));
  }
  return out;
}

/** The result: its `@type` the one the schema allows, its other members left to json-schema-faker. */
function responseOf(view: SchemaView): FieldSpec {
  if (view.properties.size === 0) return { from: 'free:/response', when: 'success' };
  const fields: Record<string, FieldSpec> = {};
  for (const [key, member] of view.properties) {
    fields[key] =
      key === '@type' && member.enum?.length === 1
        ? { from: 'const', value: member.enum[0] }
        : { from: `free:${joinPointer('/response', key)}` };
  }
  return { from: 'object', when: 'success', fields };
}

function errorOf(view: SchemaView): FieldSpec {
  const fields: Record<string, FieldSpec> = {};
  if (view.properties.has('code'))
    fields.code = { from: 'state', map: { failed: INTERNAL, cancelled: CANCELLED } };
  if (view.properties.has('message')) fields.message = { from: 'error' };
  if (view.properties.get('details')?.type === 'array') fields.details = { from: 'const', value: [] };
  return { from: 'object', when: { any: ['failure', 'cancelled'] }, fields };
}

/**
 * The metadata read like a job body (times, a progress); its `@type` is the one the schema allows.
 * Without a progress-like member the mock's progress is not shown.
 */
function metadataOf(view: SchemaView, states: InferredStates, out: LroBody): void {
  const inner = inferBody(view, { ...states, field: '' });
  const fields: Record<string, FieldSpec> = {};
  const type = view.properties.get('@type');
  if (type?.enum?.length === 1) fields['@type'] = { from: 'const', value: type.enum[0] };
  Object.assign(fields, inner.body);
  out.body.metadata = { from: 'object', fields };
  out.lines.push(...inner.lines.map((l) => `/metadata${l}`));
  if (type?.enum?.length === 1) out.lines.push(`/metadata/@type: ${String(type.enum[0])}`);
  out.free.push(...inner.free.filter((p) => p !== '/@type').map((p) => `/metadata${p}`));
  out.undecided.push(...inner.undecided);
  const progress = Object.values(inner.body).some((f) => f.from === 'progress');
  if (!progress && ![...view.properties.keys()].some((k) => /progress|percent/.test(squash(k))))
    out.undecided.push('the metadata has no progress-like member: the mock shows no progress');
}

/**
 * The operation's name from the status path: `/v1/operations/{operationsId}` →
 * `operations/{{id}}`; other parameters are the job's (`{{param.projectsId}}`).
 */
export function lroName(statusPath: string, idParam: string): string | undefined {
  const segments = statusPath.split('/').filter((s) => s !== '');
  const start = segments.findIndex((s) => !/^v\d/.test(s) && !s.startsWith('{'));
  if (start === -1) return undefined;
  return segments
    .slice(start)
    .join('/')
    .replace(/\{([^}]+)\}/g, (_m, p: string) => (p === idParam ? '{{id}}' : `{{param.${p}}}`));
}
