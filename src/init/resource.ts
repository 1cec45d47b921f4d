import { JobkitError } from '../errors.js';
import { joinPointer, parsePointer } from '../util/pointer.js';
import type { ApiDocument, Operation } from './document.js';
import { LRO_STATES, type LroShape, lroShapeOf } from './lro.js';
import { pathParams, success } from './operation.js';
import { type SchemaView, squash, viewSchema } from './schema-view.js';
import { roleOf } from './states.js';

/** The job-status resource: its named schema, status field and the GET that answers it. */
export interface Resource {
  name: string;
  root: SchemaView;
  /** JSON pointer of the status field in the body; `""` for an operation (its status is derived). */
  field: string;
  /** A Google long-running operation: no status field, the state derived from done/error/response. */
  lro?: LroShape;
  /** The status enum and where the document writes it. */
  values: string[];
  enumPointer: string;
  statusOp: Operation;
  idParam: string;
  lines: string[];
}

export interface ResourceOptions {
  schema?: string;
  statusField?: string;
}

interface Candidate {
  name: string;
  root: SchemaView;
  op: Operation;
  status?: { field: string; view: SchemaView };
  score: number;
}

const STATUS_NAMES = [
  'status',
  'state',
  'jobstatus',
  'jobstate',
  'phase',
  'lifecyclestate',
  'runstatus',
  'exportstatus',
  'importstatus',
  'operationstatus',
];

export function findResource(doc: ApiDocument, options: ResourceOptions): Resource {
  if (options.schema !== undefined && !doc.schema(options.schema)) {
    throw new JobkitError(
      'usage',
      `--schema ${options.schema}: ${doc.file}#${doc.schemasPointer} has no schema of that name. Its schemas: ${doc.schemaNames().join(', ') || '(none)'}.`,
      { file: doc.file, pointer: doc.schemasPointer },
    );
  }
  const all = candidatesOf(doc, options);
  const named = options.schema === undefined ? all : all.filter((c) => c.name === options.schema);
  const withStatus = named.filter((c) => c.status);
  if (withStatus.length === 0 && options.statusField === undefined) {
    const operation = lroOf(named);
    if (operation) return operation;
  }
  if (withStatus.length === 0) throw noCandidate(doc, options, named);
  const best = pick(doc, withStatus, options);
  const status = best.status as { field: string; view: SchemaView };
  const last = pathParams(best.op.path).at(-1) as string;
  return {
    name: best.name,
    root: best.root,
    field: status.field,
    values: (status.view.enum ?? []).map(String),
    enumPointer: status.view.pointer,
    statusOp: best.op,
    idParam: last,
    lines: [`job resource: ${best.name} (${doc.file}#${best.root.pointer}), answered by GET ${best.op.path}`],
  };
}

/** The one operation-shaped schema answered by a GET …/{id}, as a resource with a derived status. */
function lroOf(candidates: Candidate[]): Resource | undefined {
  const found = candidates.flatMap((c) => {
    const shape = lroShapeOf(c.root);
    return shape ? [{ c, shape }] : [];
  });
  if (found.length !== 1) return undefined;
  const { c, shape } = found[0] as { c: Candidate; shape: LroShape };
  return {
    name: c.name,
    root: c.root,
    field: '',
    lro: shape,
    values: LRO_STATES,
    enumPointer: c.root.pointer,
    statusOp: c.op,
    idParam: pathParams(c.op.path).at(-1) as string,
    lines: [
      `job resource: ${c.name} (a long-running operation: done, then error or response), answered by GET ${c.op.path}`,
    ],
  };
}

function candidatesOf(doc: ApiDocument, options: ResourceOptions): Candidate[] {
  const byName = new Map<string, Candidate>();
  for (const op of doc.operations()) {
    if (op.method !== 'GET' || !/\/\{[^}/]+\}$/.test(op.path)) continue;
    const schema = success(doc, op)?.schema;
    if (!schema?.name) continue;
    const seen = byName.get(schema.name);
    if (seen && seen.op.path.length <= op.path.length) continue;
    const status = statusFieldOf(doc, schema, options.statusField);
    byName.set(schema.name, { name: schema.name, root: schema, op, ...(status ? { status } : {}), score: 0 });
  }
  return [...byName.values()];
}

/** The status field: the one asked for, else a string enum property with a status-like name. */
function statusFieldOf(doc: ApiDocument, root: SchemaView, asked: string | undefined): Candidate['status'] {
  if (asked !== undefined) {
    let view: SchemaView | undefined = root;
    for (const token of safeTokens(asked)) view = view?.properties.get(token);
    return view?.enum && view.enum.length > 0 ? { field: asked, view } : undefined;
  }
  const enums = [...root.properties].filter(([, v]) => v.type === 'string' && (v.enum?.length ?? 0) > 1);
  const ranked = enums
    .map(([name, view]) => ({ name, view, rank: rankStatus(name, view) }))
    .filter((e) => e.rank > 0)
    .sort((a, b) => b.rank - a.rank);
  const top = ranked[0];
  void doc;
  return top ? { field: joinPointer('', top.name), view: top.view } : undefined;
}

function rankStatus(name: string, view: SchemaView): number {
  const s = squash(name);
  const terminal = (view.enum ?? []).some((v) =>
    ['success', 'failure', 'cancelled'].includes(roleOf(String(v)) ?? ''),
  );
  if (STATUS_NAMES.includes(s)) return 3 + (terminal ? 1 : 0);
  if (/status|state|phase/.test(s)) return 2 + (terminal ? 1 : 0);
  return terminal ? 1 : 0;
}

function safeTokens(pointer: string): string[] {
  try {
    return parsePointer(pointer);
  } catch {
    throw new JobkitError(
      'usage',
      `--status-field must be a JSON pointer such as /status, not ${JSON.stringify(pointer)}.`,
    );
  }
}

/** More evidence wins: a create on the collection, a cancel, a list; ties are the user's to settle. */
function pick(doc: ApiDocument, candidates: Candidate[], options: ResourceOptions): Candidate {
  if (candidates.length === 1) return candidates[0] as Candidate;
  const ops = doc.operations();
  for (const c of candidates) {
    const collection = c.op.path.replace(/\/\{[^}/]+\}$/, '');
    if (ops.some((o) => o.method === 'POST' && o.path === collection)) c.score += 2;
    if (
      ops.some(
        (o) =>
          (o.method === 'POST' && o.path.startsWith(c.op.path) && /cancel/i.test(o.path)) ||
          (o.method === 'DELETE' && o.path === c.op.path),
      )
    )
      c.score += 1;
    c.score -= pathParams(c.op.path).length;
  }
  const sorted = [...candidates].sort((a, b) => b.score - a.score);
  const [first, second] = sorted as [Candidate, Candidate];
  if (first.score > second.score) return first;
  const list = sorted
    .filter((c) => c.score === first.score)
    .map((c) => `${c.name} (GET ${c.op.path}, status ${c.status?.field})`);
  throw new JobkitError(
    'usage',
    `${doc.file}: several schemas look like a job's status: ${list.join('; ')}. Pick one with --schema <name>${options.statusField ? '' : ' (and its status field with --status-field /pointer)'}.`,
    { file: doc.file, pointer: doc.schemasPointer },
  );
}

function noCandidate(doc: ApiDocument, options: ResourceOptions, named: Candidate[]): JobkitError {
  const asked = options.schema;
  if (asked !== undefined && named.length === 0) {
    const root = viewSchema(doc, doc.schema(asked)?.node, joinPointer(doc.schemasPointer, asked));
    const hint =
      root && statusFieldOf(doc, root, options.statusField)
        ? ''
        : ` and it has no string enum status field${options.statusField ? ` at ${options.statusField}` : ' (--status-field /pointer names it)'}`;
    return new JobkitError(
      'input',
      `${doc.file}#${joinPointer(doc.schemasPointer, asked)}: no GET …/{id} answers ${asked}${hint}. jobkit needs the status route to serve the job: add it to the document's paths.`,
      { file: doc.file, pointer: joinPointer(doc.schemasPointer, asked) },
    );
  }
  if (asked !== undefined) {
    return new JobkitError(
      'input',
      `${doc.file}#${joinPointer(doc.schemasPointer, asked)}: ${asked} has no string enum ${options.statusField ? `at ${options.statusField}` : 'field named like a status'}. Name its status field with --status-field /pointer (a string with an enum of the job's states).`,
      { file: doc.file, pointer: joinPointer(doc.schemasPointer, asked) },
    );
  }
  const answered = named.map((c) => c.name);
  const why = answered.length
    ? `the schemas answered by a GET …/{id} (${answered.join(', ')}) have no string enum field named like a status${options.statusField ? ` at ${options.statusField}` : ''}`
    : 'no GET …/{id} answers a named schema (components/schemas or definitions)';
  return new JobkitError(
    'input',
    `${doc.file}: found no job-status resource: ${why}. Name it with --schema <name>${options.statusField ? '' : ' and its status field with --status-field /pointer'}.`,
    { file: doc.file },
  );
}
