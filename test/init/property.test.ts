import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readApiDocument } from '../../src/init/document.js';
import { inferVendor } from '../../src/init/vendor.js';
import { writeVendor } from '../../src/init/write.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { verifyUserVendor } from '../../src/verify/render-check.js';
import { tempTree } from '../helpers/fixtures.js';

/** State names by family, as words (cased below). */
const WAITING = [['queued'], ['pending'], ['not', 'started'], ['submitted'], ['scheduled']];
const WORKING = [
  ['running'],
  ['in', 'progress'],
  ['processing'],
  ['validating'],
  ['finalizing'],
  ['exporting'],
];
const TERMINAL = [
  ['completed'],
  ['succeeded'],
  ['done'],
  ['failed'],
  ['error'],
  ['expired'],
  ['timed', 'out'],
  ['rejected'],
  ['cancelled'],
  ['canceled'],
];
const TRANSIT = [['cancelling']];

type Casing = 'snake' | 'pascal' | 'camel' | 'upper';
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
function cased(words: string[], casing: Casing): string {
  if (casing === 'snake') return words.join('_');
  if (casing === 'upper') return words.join('_').toUpperCase();
  if (casing === 'pascal') return words.map(cap).join('');
  return words.map((w, i) => (i === 0 ? w : cap(w))).join('');
}

const pick = <T>(list: T[]) => fc.constantFrom(...list);
const word = fc.stringMatching(/^[a-z]{3,8}$/).map((w) => [w]);

const statesArb = fc
  .record({
    casing: pick<Casing>(['snake', 'pascal', 'camel', 'upper']),
    first: pick([...WAITING, ...WORKING]),
    terminal: pick(TERMINAL),
    more: fc.array(fc.oneof(pick(WAITING), pick(WORKING), pick(TERMINAL), pick(TRANSIT), word), {
      maxLength: 5,
    }),
  })
  .map(({ casing, first, terminal, more }) => [
    ...new Set([first, ...more, terminal].map((w) => cased(w, casing))),
  ]);

/** One extra property of the job: its schema (YAML flow), and whether it may be required. */
interface Extra {
  name: string;
  schema: string;
  /** A field set only later (a finish time, an error): required only when it can be null. */
  later: boolean;
}

function extraArb(states: string[]): fc.Arbitrary<Extra> {
  const time = fc.record({
    stem: fc.constantFrom(
      'created',
      'started',
      'updated',
      'finished',
      'completed',
      ...states.map((s) => s.toLowerCase()),
    ),
    kind: fc.constantFrom('iso', 'unix-s', 'unix-ms'),
    casing: pick<Casing>(['snake', 'camel']),
  });
  return fc.oneof(
    time.map(({ stem, kind, casing }) => ({
      name: cased([stem, kind === 'unix-ms' ? 'ms' : 'at'], casing),
      schema: kind === 'iso' ? '{ type: string, format: date-time' : '{ type: integer',
      later: !['created', 'updated'].includes(stem),
    })),
    fc
      .constantFrom('total', 'completed', 'failed', 'processed', 'inProgress', 'notYetStarted')
      .map((name) => ({ name, schema: '{ type: integer, minimum: 0', later: false })),
    fc.record({ max: fc.constantFrom(undefined, 1, 100), integer: fc.boolean() }).map(({ max, integer }) => ({
      name: 'progress',
      schema: `{ type: ${integer && max !== 1 ? 'integer' : 'number'}, minimum: 0${max === undefined ? '' : `, maximum: ${max}`}`,
      later: false,
    })),
    fc.constant({ name: 'error', schema: '{ type: string', later: true }),
    fc.constant({
      name: 'error',
      schema:
        '{ type: object, required: [code, message], properties: { code: { type: string }, message: { type: string } }',
      later: true,
    }),
    fc.constant({ name: 'output_file_id', schema: '{ type: string', later: true }),
    fc.constant({ name: 'owner', schema: '{ type: string', later: false }),
    fc.constant({
      name: 'request_counts',
      schema:
        '{ type: object, required: [total, completed], properties: { total: { type: integer }, completed: { type: integer } }',
      later: false,
    }),
  );
}

interface Generated {
  states: string[];
  props: { extra: Extra; nullable: boolean; required: boolean }[];
  create?: 'body' | '202';
  cancel?: 'post' | 'colon' | 'delete';
  list?: 'openai' | 'azure' | 'token';
}

const docArb: fc.Arbitrary<Generated> = statesArb.chain((states) =>
  fc.record(
    {
      states: fc.constant(states),
      props: fc.array(
        fc.record({ extra: extraArb(states), nullable: fc.boolean(), required: fc.boolean() }),
        { maxLength: 6 },
      ),
      create: fc.constantFrom<'body' | '202'>('body', '202'),
      cancel: fc.constantFrom<'post' | 'colon' | 'delete'>('post', 'colon', 'delete'),
      list: fc.constantFrom<'openai' | 'azure' | 'token'>('openai', 'azure', 'token'),
    },
    { requiredKeys: ['states', 'props'] },
  ),
);

const JOB = "{ $ref: '#/components/schemas/Job' }";

function documentOf(g: Generated): string {
  const props = new Map<string, string>([
    ['id', '{ type: string }'],
    ['state', `{ type: string, enum: [${g.states.map((s) => JSON.stringify(s)).join(', ')}] }`],
  ]);
  const required = ['id', 'state'];
  for (const { extra, nullable, required: req } of g.props) {
    if (props.has(extra.name)) continue;
    props.set(extra.name, `${extra.schema}${nullable ? ', nullable: true' : ''} }`);
    if (req && (nullable || !extra.later)) required.push(extra.name);
  }
  const paths: string[] = [];
  if (g.create === 'body')
    paths.push(
      `  /jobs:\n    post:\n      responses:\n        '201': { description: made, content: { application/json: { schema: ${JOB} } } }`,
    );
  if (g.create === '202')
    paths.push(
      "  /jobs:\n    post:\n      responses:\n        '202': { description: accepted, headers: { Location: { schema: { type: string } }, Retry-After: { schema: { type: integer } } } }",
    );
  if (g.list) {
    const list = { openai: 'OpenAIList', azure: 'AzureList', token: 'TokenList' }[g.list];
    const params = {
      openai:
        '[{ name: after, in: query, schema: { type: string } }, { name: limit, in: query, schema: { type: integer, maximum: 100 } }]',
      azure:
        '[{ name: $skip, in: query, schema: { type: integer } }, { name: $top, in: query, schema: { type: integer } }]',
      token: '[{ name: pageToken, in: query, schema: { type: string } }]',
    }[g.list];
    const get = `    get:\n      parameters: ${params}\n      responses:\n        '200': { description: list, content: { application/json: { schema: { $ref: '#/components/schemas/${list}' } } } }`;
    if (paths[0]) paths[0] += `\n${get}`;
    else paths.push(`  /jobs:\n${get}`);
  }
  const del =
    g.cancel === 'delete'
      ? `\n    delete:\n      responses:\n        '200': { description: cancelled, content: { application/json: { schema: ${JOB} } } }`
      : '';
  if (g.cancel === 'post' || g.cancel === 'colon') {
    paths.push(
      `  /jobs/{id}${g.cancel === 'post' ? '/cancel' : ':cancel'}:\n    post:\n      responses:\n        '200': { description: cancelling, content: { application/json: { schema: ${JOB} } } }`,
    );
  }
  return `openapi: 3.0.3
info: { title: Generated, version: '1' }
paths:
  /jobs/{id}:
    get:
      responses:
        '200': { description: job, content: { application/json: { schema: ${JOB} } } }
        '404': { description: none, content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } } }${del}
${paths.join('\n')}
components:
  schemas:
    Job:
      type: object
      required: [${required.join(', ')}]
      properties:
${[...props].map(([n, s]) => `        ${n}: ${s}`).join('\n')}
    Error: { type: object, required: [message], properties: { message: { type: string }, code: { type: string } } }
    OpenAIList: { type: object, required: [object, data, has_more], properties: { object: { type: string, enum: [list] }, data: { type: array, items: ${JOB} }, first_id: { type: string, nullable: true }, last_id: { type: string, nullable: true }, has_more: { type: boolean } } }
    AzureList: { type: object, required: [value], properties: { value: { type: array, items: ${JOB} }, '@nextLink': { type: string, nullable: true } } }
    TokenList: { type: object, properties: { jobs: { type: array, items: ${JOB} }, nextPageToken: { type: string } } }
`;
}

/** init's vendor, written and loaded with the self-check on; the states it loaded with. */
function initAndLoad(text: string): { inferred: string[]; loaded: string[] } {
  const tree = tempTree({ 'openapi.yaml': text });
  try {
    const doc = readApiDocument(join(tree.dir, 'openapi.yaml'));
    const { vendor } = inferVendor(doc, { name: 'acme' });
    const out = join(tree.dir, 'out');
    writeVendor(out, 'acme', doc, vendor, false);
    const loaded = createRegistry({ roots: [out], verify: verifyUserVendor }).get('acme');
    return { inferred: Object.keys(vendor.status.states), loaded: loaded.states.map((s) => s.name) };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- document:\n${text}`);
  } finally {
    tree.cleanup();
  }
}

describe('jobkit init over random job-status documents', () => {
  it('writes a vendor that loads with the self-check on and keeps every state of the enum', () => {
    fc.assert(
      fc.property(docArb, (g) => {
        const { inferred, loaded } = initAndLoad(documentOf(g));
        expect(inferred).toEqual(g.states);
        expect(loaded).toEqual(g.states);
      }),
      { numRuns: 25 },
    );
  });

  it('keeps a found counterexample: no success state, and an error object whose message is required', () => {
    // complete then ends the job in a failure state, which must carry an error message too.
    const g: Generated = {
      states: ['queued', 'expired'],
      props: [
        {
          extra: {
            name: 'error',
            schema:
              '{ type: object, required: [code, message], properties: { code: { type: string }, message: { type: string } }',
            later: true,
          },
          nullable: false,
          required: false,
        },
      ],
    };
    expect(initAndLoad(documentOf(g)).loaded).toEqual(['queued', 'expired']);
  });
});
