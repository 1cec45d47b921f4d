import type { FieldSpec } from '../format/types.js';
import { joinPointer } from '../util/pointer.js';
import { type SchemaView, squash, wordsOf } from './schema-view.js';
import type { InferredStates } from './states.js';

/** The body section inferred from the status schema, with one line per decision. */
export interface InferredBody {
  body: Record<string, FieldSpec>;
  lines: string[];
  undecided: string[];
  /** Fields left to json-schema-faker, by pointer. */
  free: string[];
  /** The id field's schema, for the mock's id template. */
  id?: SchemaView;
}

interface Ctx {
  states: InferredStates;
  out: InferredBody;
  /** `time.began` or `time.started`: what a start time means for this lifecycle. */
  start: 'time.began' | 'time.started';
  /** A creation time was read (a deadline can be counted from it without coming first in the rules). */
  created?: boolean;
}

const EXPIRES = new Set(['expires', 'expire', 'expiration', 'expiry', 'expiresat', 'deadline', 'expired']);

const TIME_SUFFIX = new Set([
  'at',
  'on',
  'time',
  'date',
  'datetime',
  'utc',
  'timestamp',
  'ts',
  'ms',
  's',
  'sec',
  'secs',
  'seconds',
  'millis',
  'epoch',
  'unix',
  'when',
]);
const CREATED = new Set([
  'created',
  'creation',
  'submitted',
  'requested',
  'enqueued',
  'received',
  'create',
  'submit',
]);
const STARTED = new Set(['started', 'start', 'began', 'begin', 'run', 'execution']);
const UPDATED = new Set([
  'updated',
  'modified',
  'lastaction',
  'lastupdated',
  'lastmodified',
  'changed',
  'lastupdate',
  'lastactivity',
  'lastchanged',
  'update',
]);
const FINISHED = new Set([
  'finished',
  'completed',
  'ended',
  'end',
  'done',
  'stopped',
  'terminated',
  'closed',
  'finish',
  'completion',
  'complete',
]);
const UNITS =
  '(records|items|rows|documents|docs|requests|files|tasks|objects|entries|events|messages|lines|operations|parts|chunks|pages|jobs|count|number)';
const TOTAL = new RegExp(`^(total|count|size|num${UNITS}|total${UNITS}|${UNITS}total|${UNITS}count)$`);
const COUNTERS: [RegExp, string][] = [
  [TOTAL, 'count.total'],
  [/notyetstarted|pending|queued|waiting|notstarted/, 'count.pending'],
  [/inprogress|running|active|processing$|inflight/, 'count.active'],
  [/remaining|left$/, 'count.remaining'],
  [/processed/, 'count.processed'],
  [/fail|error/, 'count.failed'],
  [/skip|ignored/, 'count.skipped'],
  [/cancel/, 'count.cancelled'],
  [/bytes/, 'count.bytes'],
  [/complet|succe|done|exported|imported|written|uploaded|finished|ok$/, 'count.done'],
];
const PROGRESS = /^(?!inprogress).*(progress|percent|pct|completion|ratio|fraction)/;
const ERROR = new Set([
  'error',
  'errors',
  'failure',
  'failures',
  'failed',
  'fault',
  'faults',
  'reason',
  'problem',
  'err',
]);
const RESULT = /^(output|result|results|download|response|artifact|location|outputs)/;
const REFERENCE = new Set(['id', 'file', 'url', 'uri', 'link', 'href', 'path', 'key', 'name']);

/** Field meanings from names, types and formats, for the root schema's properties. */
export function inferBody(root: SchemaView, states: InferredStates, request?: SchemaView): InferredBody {
  const out: InferredBody = { body: {}, lines: [], undecided: [], free: [] };
  const start =
    states.main !== states.working[0] || states.states[states.main]?.initial !== true
      ? 'time.began'
      : 'time.started';
  const ctx: Ctx = { states, out, start };
  out.body = fieldsOf(root, '', ctx, 0);
  if (request) echoRequest(out, request);
  return out;
}

/**
 * A field the create request also has (OpenAI's input_file_id, endpoint, metadata) echoes what the
 * client sent; a job made without a request (the admin API) gets json-schema-faker's value instead.
 */
function echoRequest(out: InferredBody, request: SchemaView): void {
  out.free = out.free.filter((pointer) => {
    const name = pointer.slice(1);
    if (name.includes('/') || !request.properties.has(name)) return true;
    out.body[name] = { from: `request:${pointer}`, fallback: { from: `free:${pointer}` } };
    out.lines.push(`${pointer}: the create request's ${name}, as the client sent it`);
    return false;
  });
}

function fieldsOf(view: SchemaView, base: string, ctx: Ctx, depth: number): Record<string, FieldSpec> {
  const fields: Record<string, FieldSpec> = {};
  for (const [name, child] of view.properties) {
    const pointer = joinPointer(base, name);
    const spec = fieldOf(name, child, pointer, view.required.has(name), ctx, depth);
    if (spec) fields[name] = spec;
    else if (depth > 0) fields[name] = { from: `free:${pointer}` };
    else ctx.out.free.push(pointer);
  }
  return fields;
}

function fieldOf(
  name: string,
  v: SchemaView,
  pointer: string,
  required: boolean,
  ctx: Ctx,
  depth: number,
): FieldSpec | undefined {
  const { out } = ctx;
  const say = (what: string, spec: FieldSpec): FieldSpec => {
    out.lines.push(`${pointer}: ${what}`);
    return spec;
  };
  if (pointer === ctx.states.field) return say('the status', { from: 'state' });
  if (depth === 0 && out.id === undefined && isIdName(name) && v.type !== 'object') {
    out.id = v;
    return say('the job id', { from: 'id' });
  }
  const words = wordsOf(name);
  const time = timeFormat(words, v);
  if (time) return timeField(name, words, v, time, pointer, required, ctx);
  const numeric = v.type === 'integer' || v.type === 'number';
  if (numeric && PROGRESS.test(squash(name))) return progressField(v, pointer, ctx);
  if (numeric) {
    const counter = COUNTERS.find(([re]) => re.test(squash(name)))?.[1];
    if (counter) return say(counter.replace('count.', 'counter: '), { from: counter });
  }
  if (words.some((w) => ERROR.has(w))) return endingField('failure', 'error', words, v, pointer, ctx, depth);
  if (RESULT.test(squash(name)) && (v.nullable || !required))
    return endingField('success', 'result', words, v, pointer, ctx, depth);
  if (v.type === 'object' && v.properties.size > 0 && depth < 3) {
    const fields = fieldsOf(v, pointer, ctx, depth + 1);
    if (Object.values(fields).some((f) => !f.from.startsWith('free:'))) return { from: 'object', fields };
  }
  return undefined;
}

function isIdName(name: string): boolean {
  const s = squash(name);
  return (
    s === 'id' ||
    s === 'name' ||
    /^(job|batch|export|import|operation|task|run|request|translation)id$/.test(s) ||
    s.endsWith('jobid')
  );
}

function timeFormat(words: string[], v: SchemaView): 'iso' | 'unix-s' | 'unix-ms' | undefined {
  if (v.type === 'string') {
    if (v.format === 'date-time') return 'iso';
    return v.format === undefined && words.some((w) => TIME_SUFFIX.has(w) && w !== 's') && words.length > 1
      ? 'iso'
      : undefined;
  }
  if (v.type !== 'integer' && v.type !== 'number') return undefined;
  const last = words.at(-1) ?? '';
  const timeish = ['at', 'on', 'time', 'timestamp', 'ts', 'date', 'epoch'].some((w) => words.includes(w));
  const ms = words.includes('ms') || words.includes('millis') || /millisecond/i.test(v.description);
  const lifecycle = words.some((w) => CREATED.has(w) || STARTED.has(w) || UPDATED.has(w) || FINISHED.has(w));
  if (!timeish && !(ms && words.length > 1 && (last === 'ms' || last === 'millis') && lifecycle))
    return undefined;
  return ms ? 'unix-ms' : 'unix-s';
}

function timeField(
  name: string,
  words: string[],
  v: SchemaView,
  format: 'iso' | 'unix-s' | 'unix-ms',
  pointer: string,
  required: boolean,
  ctx: Ctx,
): FieldSpec | undefined {
  const { out, states } = ctx;
  const stem = words.filter((w) => !TIME_SUFFIX.has(w)).join('');
  const spelled = (s: string) => s.replace('canceled', 'cancelled').replace('canceling', 'cancelling');
  const state = states.names.find((s) => spelled(squash(s)) === spelled(stem));
  const how = format === 'iso' ? 'RFC 3339' : format === 'unix-ms' ? 'Unix milliseconds' : 'Unix seconds';
  const base = { ...(format === 'iso' ? {} : { format }), ...(v.nullable ? { unset: null } : {}) };
  let from: string | undefined;
  if (state) from = `time.entered:${state}`;
  else if (CREATED.has(stem)) from = 'time.created';
  else if (STARTED.has(stem)) from = required && !v.nullable ? 'time.started' : ctx.start;
  else if (UPDATED.has(stem)) from = 'time.updated';
  else if (FINISHED.has(stem)) from = 'time.finished';
  if (!from && EXPIRES.has(stem) && ctx.created) {
    // A deadline counted from the creation (OpenAI's expires_at): a day, until the user says otherwise.
    out.undecided.push(
      `${pointer}: a deadline; taken as the creation time + 24 h (change addMs to the API's window)`,
    );
    return { from: 'time.created', addMs: 86_400_000, ...base };
  }
  if (!from) {
    out.undecided.push(`${pointer}: a time (${how}) with no lifecycle meaning; left to json-schema-faker`);
    return undefined;
  }
  if (from === 'time.created') ctx.created = true;
  const unsetting = from !== 'time.created' && from !== 'time.started' && from !== 'time.updated';
  if (unsetting && required && !v.nullable) {
    out.undecided.push(
      `${pointer}: required and not nullable, but unset until the job gets there; the mock leaves it out then, which the schema refuses`,
    );
  }
  out.lines.push(
    `${pointer}: ${from}, ${how}${unsetting ? (v.nullable ? ', null until set' : ', absent until set') : ''}`,
  );
  void name;
  return { from, ...base };
}

function progressField(v: SchemaView, pointer: string, ctx: Ctx): FieldSpec {
  const integer = v.type === 'integer';
  let scale = v.maximum;
  if (scale === undefined) {
    scale = integer ? 100 : 100;
    ctx.out.undecided.push(
      `${pointer}: progress with no maximum; taken as a percent (0–100); set "scale": 1 for a fraction`,
    );
  }
  ctx.out.lines.push(
    `${pointer}: progress, 0 to ${scale}${integer ? ', whole numbers' : ''} (from the schema${v.maximum === undefined ? "'s type" : "'s maximum"})`,
  );
  return { from: 'progress', ...(scale === 100 ? {} : { scale }), ...(integer ? { integer: true } : {}) };
}

/** A field set only when the job ended that way (an error on failure, a result on success). */
function endingField(
  when: 'failure' | 'success',
  what: string,
  words: string[],
  v: SchemaView,
  pointer: string,
  ctx: Ctx,
  depth: number,
): FieldSpec {
  const unset = v.nullable ? { unset: null } : {};
  const note = `${when === 'failure' ? 'only on failure' : 'only on success'}${v.nullable ? ', else null' : ', else absent'}`;
  if (what === 'error' && v.type === 'string' && !words.some((w) => REFERENCE.has(w))) {
    ctx.out.lines.push(`${pointer}: the error message, ${note}`);
    return { from: 'error', when, ...unset };
  }
  if (what === 'error' && v.type === 'object' && v.properties.size > 0 && depth < 3) {
    // The message is the job's error; a code takes the schema's first enum value; other members come
    // from json-schema-faker, but optional objects (often recursive inner errors) are left out.
    const fields: Record<string, FieldSpec> = {};
    for (const [name, child] of v.properties) {
      const s = squash(name);
      if (child.type === 'string' && /message|detail|description|reason|text/.test(s))
        fields[name] = { from: 'error' };
      else if (child.type === 'string' && /code|type|kind/.test(s))
        fields[name] = { from: 'const', value: child.enum?.[0] ?? 'JobFailed' };
      else if (child.enum?.length === 1) fields[name] = { from: 'const', value: child.enum[0] };
      else if (v.required.has(name) || child.type !== 'object')
        fields[name] = { from: `free:${joinPointer(pointer, name)}` };
    }
    ctx.out.lines.push(`${pointer}: the error object, ${note}`);
    return { from: 'object', when, ...unset, fields };
  }
  if (what === 'result' && v.type === 'string' && !v.enum) {
    // A made-up value that is never null once set (json-schema-faker may pick null for a nullable field).
    const value =
      v.format === 'uri' ||
      v.format === 'url' ||
      words.some((w) => w === 'url' || w === 'uri' || w === 'link')
        ? 'https://files.example.com/jobs/{{id}}/result'
        : words.includes('file')
          ? 'file-{{hex:24}}'
          : '{{id}}-result';
    ctx.out.lines.push(`${pointer}: the result, ${value}, ${note}`);
    return { from: 'template', value, when, ...unset };
  }
  ctx.out.lines.push(
    `${pointer}: ${what === 'error' ? 'about the failure' : 'the result'} (from json-schema-faker), ${note}`,
  );
  return { from: `free:${pointer}`, when, ...unset };
}
