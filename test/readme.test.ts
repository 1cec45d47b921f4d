import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSequence } from '../src/contract/check-sequence.js';
import { createManualClock } from '../src/mock/clock.js';
import { createMockState } from '../src/mock/state.js';
import { createRegistry } from '../src/vendors/registry.js';
import { ROOT } from './helpers/cli.js';
import { tempTree } from './helpers/fixtures.js';

// The README's own-vendor example is what a new user copies first: it must load, serve and check clean.
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Your own vendor'));
const block = section.slice(
  section.indexOf('```json') + 7,
  section.indexOf('```', section.indexOf('```json') + 7),
);
const example = JSON.parse(block.replace('"…"', '"runs, then ends"')) as Record<string, unknown>;
delete example.$schema;

const tree = tempTree({
  'schemas/acme/Job.json': {
    type: 'object',
    required: ['id', 'state'],
    properties: {
      id: { type: 'string' },
      state: { type: 'string', enum: ['queued', 'running', 'done', 'failed'] },
      processed: { type: 'integer', minimum: 0 },
      startedAt: { type: ['string', 'null'], format: 'date-time' },
      finishedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  'mocks/acme/lifecycle.json': example,
});
afterAll(() => tree.cleanup());

describe("the README's own vendor", () => {
  it('loads, renders valid bodies along its scenario and checks clean', () => {
    const registry = createRegistry({ roots: [tree.dir], builtins: false });
    const clock = createManualClock(Date.UTC(2026, 0, 1));
    const state = createMockState({ registry, clock });
    const job = state.createJob({ vendor: 'acme' });
    const mv = state.vendorOf('acme');
    const bodies = [];
    for (let t = 0; t < 30; t++) {
      const body = mv.body(job, clock.now());
      expect(registry.get('acme').validate(body).issues).toEqual([]);
      bodies.push(body);
      clock.advance(1000);
    }
    const result = checkSequence(registry.get('acme'), bodies);
    expect(result.violations).toEqual([]);
    expect(result.states).toEqual(['queued', 'running', 'done']);
  });
});
