import { type ApiDocument, readApiDocument } from '../../src/init/document.js';
import type { Ending } from '../../src/init/states.js';
import { type Inferred, inferVendor } from '../../src/init/vendor.js';
import { tempTree } from './fixtures.js';

/** Reads a document written to a temporary file (removed at once: the reader keeps its text). */
export function readDoc(text: string, file = 'openapi.yaml'): ApiDocument {
  const tree = tempTree({ [file]: text });
  try {
    return readApiDocument(`${tree.dir}/${file}`);
  } finally {
    tree.cleanup();
  }
}

export interface InferOptions {
  schema?: string;
  statusField?: string;
  terminal?: Record<string, Ending>;
}

/** What `jobkit init acme --from <text>` infers, without writing anything. */
export function inferFrom(text: string, options: InferOptions = {}): Inferred {
  return inferVendor(readDoc(text), { name: 'acme', ...options });
}

export interface JobDoc {
  /** The status enum (of /state). */
  states?: string[];
  /** More properties of Job, as YAML flow mappings by name. */
  props?: Record<string, string>;
  required?: string[];
  /** Paths besides GET /jobs/{id}, as a YAML block indented by two spaces. */
  paths?: string;
  /** More operations of the status path (delete: …), as a YAML block indented by four spaces. */
  statusItem?: string;
  /** More named schemas, as a YAML block indented by four spaces. */
  schemas?: string;
  /** Top-level YAML to add (servers, …). */
  top?: string;
  openapi?: string;
  statusPath?: string;
}

/** A small OpenAPI 3.0 document: a Job answered by GET /jobs/{id}, with what the case adds. */
export function jobDoc(o: JobDoc = {}): string {
  const states = o.states ?? ['queued', 'running', 'succeeded', 'failed'];
  const props = {
    id: '{ type: string }',
    state: `{ type: string, enum: [${states.join(', ')}] }`,
    ...(o.props ?? {}),
  };
  const statusPath = o.statusPath ?? '/jobs/{id}';
  const param = statusPath.match(/\{([^}]+)\}$/)?.[1] ?? 'id';
  return `openapi: ${o.openapi ?? '3.0.3'}
info: { title: Acme jobs, version: '1' }
${o.top ?? ''}
paths:
  ${statusPath}:
    get:
      parameters: [{ name: ${param}, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: the job
          content: { application/json: { schema: { $ref: '#/components/schemas/Job' } } }
${o.statusItem ?? ''}
${o.paths ?? ''}
components:
  schemas:
    Job:
      type: object
      required: [${(o.required ?? ['id', 'state']).join(', ')}]
      properties:
${Object.entries(props)
  .map(([name, schema]) => `        ${name}: ${schema}`)
  .join('\n')}
${o.schemas ?? ''}
`;
}
