import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SequenceChecker } from '../../src/rules/check.js';
import { getAt } from '../../src/util/pointer.js';
import { createRegistry, type Vendor } from '../../src/vendors/registry.js';
import { tempTree } from '../helpers/fixtures.js';
import { type ControlName, type Defect, defectsOf, type Rendered, type Run, render } from './sequences.js';
import { buildVendor, type GeneratedVendor, vendorRecipe } from './vendor-gen.js';

/**
 * The promise: the rules a mock obeys and the rules the runner checks are one definition. Random
 * vendor files (and the five built-in ones) are played by the mock along every scenario, with admin
 * controls at random moments; every body must match the vendor's schema and the whole sequence
 * must break no rule. Then one seeded defect in such a sequence must be reported with its rule.
 */

const SEED = Number(process.env.JOBKIT_FC_SEED ?? 20261201);
const CONTROLS: ControlName[] = ['complete', 'fail', 'cancel'];

const playArb = fc.record({
  seed: fc.nat(),
  inside: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
  moments: fc.array(fc.nat(40), { minLength: 3, maxLength: 3 }),
});
type Play = typeof playArb extends fc.Arbitrary<infer T> ? T : never;
type Tally = {
  runs: number;
  defects: number;
  stateTimes: number;
  starts: number;
  ended: number;
  transits: number;
};

/** Writes a generated vendor as a vendor folder and loads it as a user would. */
function load(generated: GeneratedVendor): { vendor: Vendor; cleanup: () => void } {
  const name = generated.file.name as string;
  const tree = tempTree({
    [`schemas/${name}/Status.json`]: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      ...generated.schema,
    },
    [`mocks/${name}/lifecycle.json`]: generated.file,
  });
  try {
    return {
      vendor: createRegistry({ roots: [tree.dir], builtins: false }).get(name),
      cleanup: tree.cleanup,
    };
  } catch (error) {
    tree.cleanup();
    throw error;
  }
}

function runsOf(vendor: Vendor, play: Play): Run[] {
  const base = { seed: play.seed, inside: play.inside };
  return Object.keys(vendor.lifecycle.mock?.scenarios ?? {}).flatMap((scenario) => [
    { ...base, scenario },
    ...CONTROLS.map((control, i) => ({ ...base, scenario, end: { control, moment: play.moments[i] ?? 0 } })),
  ]);
}

/** Every body matches the schema and the sequence breaks no rule. */
function expectClean(vendor: Vendor, run: Run, rendered: Rendered): void {
  const where = `${vendor.name}/${run.scenario}${run.end ? ` + ${run.end.control}` : ''}`;
  const checker = new SequenceChecker(vendor, { schema: false });
  rendered.bodies.forEach((body, i) => {
    expect(vendor.validate(body).issues, `${where}: schema of body ${i + 1} ${JSON.stringify(body)}`).toEqual(
      [],
    );
    expect(checker.check(body), `${where}: rules at body ${i + 1}`).toEqual([]);
  });
  expect(checker.terminal, `${where}: ends terminal unless stuck`).toBe(!rendered.stuck);
}

/** Each defect the sequence allows is reported at its poll, with its rule, and nothing before. */
function expectDefectsFound(vendor: Vendor, run: Run, rendered: Rendered): Defect[] {
  const model = new SequenceChecker(vendor).model;
  const defects = defectsOf(model, rendered.bodies);
  for (const defect of defects) {
    const checker = new SequenceChecker(vendor, { schema: false });
    for (const body of rendered.bodies.slice(0, defect.after)) expect(checker.check(body)).toEqual([]);
    const found = checker.check(defect.body).map((v) => v.rule);
    expect(found, `${vendor.name}/${run.scenario}: ${defect.name}`).toEqual(
      expect.arrayContaining(defect.rules),
    );
  }
  return defects;
}

/** The cancel ended the job through its transit state, which the sequence shows. */
function passedTransit(vendor: Vendor, run: Run, rendered: Rendered): boolean {
  const via = vendor.lifecycle.mock?.controls.cancel?.via?.state;
  if (run.end?.control !== 'cancel' || !rendered.ended || via === undefined) return false;
  return rendered.bodies.some((body) => getAt(body, vendor.statusField) === via);
}

function playVendor(vendor: Vendor, play: Play): Tally {
  const tally = { runs: 0, defects: 0, stateTimes: 0, starts: 0, ended: 0, transits: 0 };
  for (const run of runsOf(vendor, play)) {
    const rendered = render(vendor, run);
    if (run.end && !rendered.ended) continue;
    expectClean(vendor, run, rendered);
    const defects = expectDefectsFound(vendor, run, rendered);
    tally.defects += defects.length;
    tally.stateTimes += defects.filter((d) => d.rules.includes('state-time')).length;
    tally.starts += defects.filter((d) => d.rules.includes('started-constant')).length;
    tally.runs++;
    if (rendered.ended) tally.ended++;
    if (passedTransit(vendor, run, rendered)) tally.transits++;
  }
  return tally;
}

describe('one model: generated vendors', () => {
  it('load, and their mock obeys their rules and schema; seeded defects are reported', () => {
    const tally = { vendors: 0, runs: 0, defects: 0, stateTimes: 0, starts: 0, ended: 0, transits: 0 };
    fc.assert(
      fc.property(vendorRecipe, playArb, (recipe, play) => {
        const generated = buildVendor('gen', recipe);
        const { vendor, cleanup } = load(generated);
        try {
          const t = playVendor(vendor, play);
          tally.vendors++;
          tally.runs += t.runs;
          tally.defects += t.defects;
          tally.stateTimes += t.stateTimes;
          tally.starts += t.starts;
          tally.ended += t.ended;
          tally.transits += t.transits;
        } finally {
          cleanup();
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
    // The property saw something: admin ends taken (some cancels through a transit), defects seeded
    // (per-state times and changed start times among them).
    expect(tally.ended).toBeGreaterThan(20);
    expect(tally.transits).toBeGreaterThan(20);
    expect(tally.defects).toBeGreaterThan(100);
    expect(tally.stateTimes).toBeGreaterThan(100);
    expect(tally.starts).toBeGreaterThan(20);
  });
});

describe('one model: the built-in vendors', () => {
  const registry = createRegistry();
  it.each(registry.names())('%s: every scenario, with every control at random moments', (name) => {
    const vendor = registry.get(name);
    const declaresStart = new SequenceChecker(vendor).model.setOnce.some(
      (f) => f.rule === 'started-constant',
    );
    let starts = 0;
    fc.assert(
      fc.property(playArb, (play) => {
        starts += playVendor(vendor, play).starts;
      }),
      { seed: SEED, numRuns: 6 },
    );
    // A vendor with a start time (Weaviate's startedAt, Dakera's started_at) had it changed and caught.
    expect(starts > 0).toBe(declaresStart);
  });

  it('covers the five built-ins', () => {
    expect(registry.names().length).toBeGreaterThanOrEqual(5);
  });
});
