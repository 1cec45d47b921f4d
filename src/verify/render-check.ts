import { JobkitError } from '../errors.js';
import type { Control } from '../format/types.js';
import type { Job } from '../lifecycle/engine.js';
import { MockVendor } from '../mock/jobs.js';
import { SequenceChecker } from '../rules/check.js';
import { displayPath } from '../schema/bundle.js';
import type { Vendor } from '../vendors/registry.js';
import { type Finding, schemaFindings } from './mismatch.js';
import { AFTER_MS, controlMoments, type Moment, scenarioMoments } from './moments.js';

/** The seed `jobkit serve` uses by default, and a fixed start: every run renders the same bodies. */
const SEED = 1;
const START = Date.UTC(2026, 0, 1);
const CONTROLS = ['complete', 'fail', 'cancel'] as const;
/** Problems a load error lists before saying how many more there are. */
const SHOWN = 5;

/** A problem of one rendered body, where it was seen: `scenario happy at 40%: …`. */
export interface RenderProblem extends Finding {
  where: string;
}

/**
 * Renders the vendor's mock the way a client would see it (the mock's own body production,
 * faker-filled fields included) and returns every distinct way those bodies break the vendor's
 * own status schema or its rules: each scenario at many moments, and each control applied on a
 * fresh job at a couple of moments. A vendor without a `mock` section has nothing to render.
 */
export function renderProblems(vendor: Vendor): RenderProblem[] {
  const spec = vendor.lifecycle.mock;
  if (!spec) return [];
  const mv = new MockVendor(vendor, spec, SEED);
  const found = new Map<string, RenderProblem>();
  const walk: Walk = (where, job, moments, checker) => {
    for (const moment of moments) {
      const snap = mv.snapshot(job, job.createdAt + moment.at);
      const body = mv.body(job, job.createdAt + moment.at, snap);
      const at = `${where}${moment.label}`;
      const derived = derivedMismatch(vendor, body, snap.state);
      if (derived && !found.has(derived.key)) found.set(derived.key, { ...derived, where: at });
      // A vendor whose `rules` switch the schema rule off has said its bodies may differ from it.
      const findings = checker.model.off.has('schema') ? [] : schemaFindings(vendor, body);
      for (const f of findings) if (!found.has(f.key)) found.set(f.key, { ...f, where: at });
      for (const v of checker.check(body)) {
        const key = `rule\u0000${v.rule}\u0000${v.pointer}`;
        const text = `the vendor's own checker reports ${v.rule} at ${v.pointer || 'the body'}: ${v.message}`;
        if (!found.has(key)) found.set(key, { key, text, where: at });
      }
    }
  };
  for (const scenario of mv.scenarioList) {
    const job = mv.createJob({ scenario, now: START });
    const steps = mv.planOf(job).steps;
    walk(
      `scenario ${scenario} at `,
      job,
      scenarioMoments(steps),
      new SequenceChecker(vendor, { schema: false }),
    );
    for (const name of CONTROLS) {
      const control = mv.control(name);
      if (!control) continue;
      for (const pick of [0, 1]) checkControl(mv, { scenario, name, control, pick }, walk);
    }
  }
  return [...found.values()];
}

/**
 * A derived status must read back the state the mock is in: the body's fields (`done`, `error`)
 * and the `status.derive` list say the same thing, or a client would see another state.
 */
function derivedMismatch(vendor: Vendor, body: unknown, state: string): Finding | undefined {
  if (!vendor.lifecycle.status.derive) return undefined;
  const read = vendor.readStatus(body);
  if (read === state) return undefined;
  return {
    key: `derive\u0000${state}\u0000${String(read)}`,
    text: `the job is "${state}" but /status/derive reads its body as ${read === undefined ? 'no state' : `"${String(read)}"`}`,
  };
}

/** Renders `job` at each moment, in order, through one checker; `where` prefixes each moment's label. */
type Walk = (where: string, job: Job, moments: readonly Moment[], checker: SequenceChecker) => void;

/**
 * One control on a fresh job, at the `pick`th of its control moments: the bodies before it, then
 * its answer, the last millisecond of its transit state (a cancel's `via`), its end and after.
 */
function checkControl(
  mv: MockVendor,
  c: { scenario: string; name: (typeof CONTROLS)[number]; control: Control; pick: number },
  walk: Walk,
): void {
  const job = mv.createJob({ scenario: c.scenario, now: START });
  const steps = mv.planOf(job).steps;
  const when = controlMoments(steps)[c.pick];
  if (!when) return;
  if (!mv.end(job, c.control, job.createdAt + when.at, c.name === 'complete').ok) return; // refused, as the mock would
  const where = `scenario ${c.scenario} with ${c.name} at ${when.label}, `;
  const before = scenarioMoments(steps).filter((m) => m.at < when.at);
  const after: Moment[] = [{ at: when.at, label: 'in its answer' }];
  const via = job.end?.via;
  const end = via ? via.until - job.createdAt : when.at;
  if (via) {
    if (end - 1 > when.at) after.push({ at: end - 1, label: `the end of its transit state ${via.state}` });
    after.push({ at: end, label: `once ${c.control.state}` });
  }
  after.push({ at: end + AFTER_MS, label: 'a minute later' });
  const checker = new SequenceChecker(mv.vendor, { schema: false });
  walk(`scenario ${c.scenario} at `, job, before, checker);
  walk(where, job, after, checker);
}

/**
 * The load self-check: a JobkitError('lifecycle-load') listing the first few problems of the
 * vendor's rendered bodies (and how many more), each naming the lifecycle file, the scenario,
 * the moment, the body pointer and value, and the schema's own file and pointer.
 */
export function verifyVendor(vendor: Vendor): void {
  const problems = renderProblems(vendor);
  if (problems.length === 0) return;
  const file = displayPath(vendor.source.lifecycle);
  const lines = problems.slice(0, SHOWN).map((p) => `  ${file}: ${p.where}: ${p.text}`);
  const more = problems.length - SHOWN;
  if (more > 0) lines.push(`  … and ${more} more problem${more === 1 ? '' : 's'}.`);
  throw new JobkitError(
    'lifecycle-load',
    `Failed to load vendor "${vendor.name}": its mock renders bodies that its own schema or rules refuse (each scenario and control rendered at several moments):\n${lines.join('\n')}\nMake the vendor file's body section and the schema agree.`,
    { file },
  );
}

/** The check the CLI and loadVendors run on first use of a vendor: user vendors only (see registry). */
export function verifyUserVendor(vendor: Vendor): void {
  if (!vendor.source.builtin) verifyVendor(vendor);
}
