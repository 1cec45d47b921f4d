import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSequence } from '../../src/contract/check-sequence.js';
import type { VendorFile } from '../../src/format/types.js';
import { statusReader } from '../../src/lifecycle/status-read.js';
import { createManualClock, createRealClock } from '../../src/mock/clock.js';
import { createMockServer, type MockServer } from '../../src/mock/listen.js';
import type { RuleId } from '../../src/rules/ids.js';
import { ruleModel } from '../../src/rules/model.js';
import { getAt } from '../../src/util/pointer.js';
import { createRegistry, type Vendor } from '../../src/vendors/registry.js';
import { verifyUserVendor } from '../../src/verify/render-check.js';
import { cli, ROOT } from '../helpers/cli.js';
import { scriptedServer } from '../helpers/scripted-server.js';

/**
 * Every example in examples/ is an OpenAPI document of a job API plus what `jobkit init` wrote
 * from it. These tests run init again on the bare document (no hand edits allowed: the output must
 * equal what is committed) and then use the vendor as a user would: serve it, walk each scenario,
 * check it, and make sure the checker catches seeded defects.
 */
const EXAMPLES = readdirSync(join(ROOT, 'examples'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && readdirSync(join(ROOT, 'examples', e.name)).includes('openapi.yaml'))
  .map((e) => e.name);

const ENDS: Record<string, 'success' | 'failure' | 'cancelled'> = {
  happy: 'success',
  slow: 'success',
  failure: 'failure',
  cancel: 'cancelled',
};

it('finds the examples', () => {
  expect(EXAMPLES).toEqual(expect.arrayContaining(['openai-batch', 'azure-translator', 'generic-202']));
});

describe.each(EXAMPLES)('example %s', (name) => {
  const dir = join(ROOT, 'examples', name);
  // Loading runs the self-check: every scenario and control rendered, validated and checked.
  const registry = createRegistry({ roots: [dir], verify: verifyUserVendor });
  const vendor: Vendor = registry.get(name);
  const file = vendor.lifecycle as VendorFile;
  let server: MockServer;
  const clock = createManualClock(Date.UTC(2026, 5, 1));

  beforeAll(async () => {
    server = await createMockServer({ registry, vendors: [name], clock, seed: 3 });
  });
  afterAll(() => server?.close());

  it('is what jobkit init writes from the bare document, which it copies unchanged', async () => {
    const out = mkdtempSync(join(tmpdir(), 'jobkit-init-'));
    try {
      const run = await cli(['init', name, '--from', join(dir, 'openapi.yaml'), '--out', out]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('It loads.');
      const written = join(out, 'mocks', name, 'lifecycle.json');
      expect(readFileSync(written, 'utf8')).toBe(
        readFileSync(join(dir, 'mocks', name, 'lifecycle.json'), 'utf8'),
      );
      expect(readFileSync(join(out, 'schemas', name, 'openapi.yaml'), 'utf8')).toBe(
        readFileSync(join(dir, 'openapi.yaml'), 'utf8'),
      );
      expect(readFileSync(join(dir, 'schemas', name, 'openapi.yaml'), 'utf8')).toBe(
        readFileSync(join(dir, 'openapi.yaml'), 'utf8'),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('has the scenarios a frontend needs', () => {
    const scenarios = Object.keys(file.mock?.scenarios ?? {});
    expect(scenarios).toEqual(expect.arrayContaining(['happy', 'failure', 'slow', 'stuck']));
    if (file.api?.routes.some((r) => r.action === 'cancel')) expect(scenarios).toContain('cancel');
  });

  it("serves every route of the document's job resource", async () => {
    for (const route of file.api?.routes ?? []) {
      if (route.action === 'create') continue;
      const path = route.path.replace(/\{[^}]+\}/g, 'nope-123');
      const res = await fetch(`${server.url}${path}`, { method: route.method });
      // An unknown job is the vendor's own error body; a list answers its envelope.
      if (route.action === 'list') expect(res.status).toBe(200);
      else expect(res.status).toBeGreaterThanOrEqual(400);
      // Errors go out under the media type the document declares them with (problem+json).
      if (route.action !== 'list')
        expect(res.headers.get('content-type')).toMatch(
          new RegExp(`^${(file.api?.errors.contentType ?? 'application/json').replace(/[+.]/g, '\\$&')}\\b`),
        );
      const body = await res.json();
      if (route.action !== 'list' && file.api?.errors.schema) {
        expect(vendor.validate(body, file.api.errors.schema).issues).toEqual([]);
      }
    }
  });

  const scenarios = Object.keys(ENDS).filter((s) => file.mock?.scenarios[s]);
  it.each(scenarios)(
    'walks scenario %s to its ending, every body valid and the sequence clean',
    async (scenario) => {
      const bodies = await walk(server, clock, name, scenario);
      for (const body of bodies) expect(vendor.validate(body).issues).toEqual([]);
      const result = checkSequence(vendor, bodies);
      expect(result.violations).toEqual([]);
      const last = result.states.at(-1) as string;
      expect(file.status.states[last]?.terminal).toBe(ENDS[scenario]);
    },
  );

  it('stays in a working state in the stuck scenario', async () => {
    const bodies = await walk(server, clock, name, 'stuck');
    const last = checkSequence(vendor, bodies).states.at(-1) as string;
    expect(file.status.states[last]?.terminal).toBeUndefined();
  });

  const defects = seededDefects().filter(([, d]) => d.apply([{}, {}, {}], file) !== undefined);
  it.each(defects)('reports a seeded defect: %s', async (_what, defect) => {
    const bodies = await walk(server, clock, name, 'happy');
    const broken = defect.apply(bodies, file) as unknown[];
    const rules = checkSequence(vendor, broken).violations.map((v) => v.rule);
    expect(rules).toContain(defect.ruleFor?.(bodies, file) ?? defect.rule);
  });

  it('passes `jobkit check` against the mock, and fails it against a defective server', async () => {
    const fast = await createMockServer({
      registry,
      vendors: [name],
      clock: createRealClock({ speed: 400 }),
      seed: 5,
    });
    try {
      const created = (await (
        await fetch(`${fast.url}/__jobkit/jobs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ vendor: name, scenario: 'happy' }),
        })
      ).json()) as { statusUrl: string };
      const args = [
        'check',
        '--vendors',
        dir,
        '--vendor',
        name,
        '--interval-ms',
        '20',
        '--timeout-ms',
        '20000',
      ];
      const good = await cli([...args, '--url', created.statusUrl]);
      expect(good.stdout + good.stderr).toMatch(/1 passed, 0 failed/);
      expect(good.code).toBe(0);
      const bodies = await walk(server, clock, name, 'happy');
      const script = scriptedServer({ job: reversed(bodies, file) });
      const bad = await script;
      try {
        // The URL asks for the job the bodies are, so only the seeded defect is wrong.
        const idPointer = ruleModel(registry.get(name)).ids[0] ?? '';
        const run = await cli([...args, '--url', bad.url('job', String(getAt(bodies[0], idPointer)))]);
        expect(run.code).toBe(1);
        expect(run.stdout).toContain(reversedRule(bodies, file));
      } finally {
        await bad.close();
      }
    } finally {
      await fast.close();
    }
  });
});

/** Creates a job through the admin API and polls it on the manual clock, 1 s at a time, until it ends. */
async function walk(
  server: MockServer,
  clock: ReturnType<typeof createManualClock>,
  vendor: string,
  scenario: string,
): Promise<unknown[]> {
  const res = await fetch(`${server.url}/__jobkit/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vendor, scenario }),
  });
  expect(res.status).toBe(201);
  const { statusUrl } = (await res.json()) as { id: string; statusUrl: string };
  const bodies: unknown[] = [];
  for (let i = 0; i < 120; i++) {
    const polled = await fetch(statusUrl);
    expect(polled.status).toBe(200);
    bodies.push(await polled.json());
    clock.advance(scenario === 'slow' ? 10_000 : 500);
  }
  return bodies;
}

interface Defect {
  rule: RuleId;
  apply(bodies: unknown[], file: VendorFile): unknown[] | undefined;
  /** The rule, when it depends on the vendor (a status going back from a terminal state). */
  ruleFor?(bodies: unknown[], file: VendorFile): RuleId;
}

type Body = Record<string, unknown>;
const copy = (bodies: unknown[]) => structuredClone(bodies) as Body[];
const statusOf = (b: Body, file: VendorFile) =>
  statusReader(file.status, file.conditions ?? {}).read(b) as string;
/** The member a status is read from: the status field, or the first one a derived status compares. */
const statusKey = (file: VendorFile) =>
  file.status.field?.slice(1) ??
  (JSON.stringify(file.status.derive).match(/"equals":\{"\/([^"/]+)"/)?.[1] as string);

/** A working state a job gets to after its first: where a status can go back from. */
const laterWorking = (file: VendorFile, b: Body) =>
  file.status.states[statusOf(b, file)]?.terminal === undefined &&
  !file.status.states[statusOf(b, file)]?.initial;

/**
 * The sequence with a late body moved first: a status goes back. With one working state only (an
 * operation: running, then done) the late body is the terminal one, and the status leaves it.
 */
function reversed(bodies: unknown[], file: VendorFile): unknown[] {
  const out = copy(bodies);
  const first = out.findIndex((b) => laterWorking(file, b));
  if (first === -1) return [out.at(-1), ...out];
  return [...out.slice(first, first + 1), out[0], ...out.slice(first + 1)];
}

/** The rule a status going back breaks: an illegal move, or (from a terminal state) leaving it. */
const reversedRule = (bodies: unknown[], file: VendorFile): RuleId =>
  copy(bodies).some((b) => laterWorking(file, b)) ? 'transition-legal' : 'terminal-final';

function fieldsFrom(file: VendorFile, test: (from: string) => boolean): string[][] {
  const out: string[][] = [];
  const walkFields = (fields: VendorFile['body'], at: string[]) => {
    for (const [key, spec] of Object.entries(fields ?? {})) {
      if (test(spec.from)) out.push([...at, key]);
      if (spec.fields) walkFields(spec.fields, [...at, key]);
    }
  };
  walkFields(file.body, []);
  return out;
}

function setAt(body: Body, path: string[], value: unknown): void {
  let node = body;
  for (const k of path.slice(0, -1)) {
    node[k] ??= {};
    node = node[k] as Body;
  }
  node[path.at(-1) as string] = value;
}

function seededDefects(): [string, Defect][] {
  return [
    ['a status going back', { rule: 'transition-legal', apply: reversed, ruleFor: reversedRule }],
    [
      'a body that breaks the schema',
      {
        rule: 'schema',
        apply: (bodies, file) => copy(bodies).map((b, i) => (i === 2 ? { ...b, [statusKey(file)]: 42 } : b)),
      },
    ],
    [
      'a counter going down',
      {
        rule: 'monotonic',
        apply: (bodies, file) => {
          const [path] = fieldsFrom(file, (f) => f === 'count.done');
          if (!path) return undefined;
          const out = copy(bodies);
          setAt(out.at(-1) as Body, path, 0);
          setAt(out.at(-2) as Body, path, 5);
          return out;
        },
      },
    ],
    [
      'a per-state or start time set before the job got there',
      {
        rule: 'state-time',
        apply: (bodies, file) => {
          const [path] = fieldsFrom(file, (f) => f.startsWith('time.entered:') || f === 'time.began');
          if (!path) return undefined;
          const out = copy(bodies);
          const spec = fieldsAt(file, path);
          setAt(
            out[0] as Body,
            path,
            spec.format?.startsWith('unix') ? 1_780_000_000 : '2026-06-01T00:00:00.000Z',
          );
          return out;
        },
      },
    ],
    [
      'a creation time that changes',
      {
        rule: 'created-constant',
        apply: (bodies, file) => {
          const [path] = fieldsFrom(file, (f) => f === 'time.created');
          if (!path) return undefined;
          const out = copy(bodies);
          const spec = fieldsAt(file, path);
          setAt(
            out[1] as Body,
            path,
            spec.format?.startsWith('unix') ? 1_700_000_000 : '2020-01-01T00:00:00.000Z',
          );
          return out;
        },
      },
    ],
  ];
}

function fieldsAt(file: VendorFile, path: string[]): NonNullable<VendorFile['body']>[string] {
  let fields = file.body ?? {};
  let spec = fields[path[0] as string];
  for (const k of path.slice(1)) {
    fields = spec?.fields ?? {};
    spec = fields[k];
  }
  return spec as NonNullable<VendorFile['body']>[string];
}

describe('the OpenAI example echoes the create request', () => {
  const dir = join(ROOT, 'examples', 'openai-batch');
  const registry = createRegistry({ roots: [dir], verify: verifyUserVendor });

  it('answers POST /v1/batches with the batch the client asked for', async () => {
    const server = await createMockServer({
      registry,
      vendors: ['openai-batch'],
      clock: createManualClock(),
    });
    try {
      const request = {
        input_file_id: 'file-abc123',
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      };
      const res = await fetch(`${server.url}/v1/batches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      expect(res.status).toBe(200);
      const batch = (await res.json()) as Record<string, unknown>;
      expect(batch).toMatchObject({ ...request, status: 'validating', output_file_id: null });
      expect(registry.get('openai-batch').validate(batch).issues).toEqual([]);
      const polled = (await (await fetch(`${server.url}/v1/batches/${batch.id}`)).json()) as Record<
        string,
        unknown
      >;
      expect(polled.input_file_id).toBe('file-abc123');
    } finally {
      await server.close();
    }
  });
});
