import jsf from 'json-schema-faker';
import { JobkitError } from '../errors.js';
import {
  type Job,
  type JobEnd,
  planJob,
  renderBody,
  type Snapshot,
  type StateInfo,
  snapshotAt,
  usesPieces,
} from '../lifecycle/engine.js';
import { createRandom, fillIdTemplate, hashSeed } from '../lifecycle/random.js';
import type { Control, MockSpec } from '../lifecycle/types.js';
import { isObject } from '../util/json.js';
import type { Vendor } from '../vendors/registry.js';

const FAKER_POOL = 16;

/**
 * A vendor as the mock runs it: creates jobs (seeded), and renders a job's body at a moment.
 * json-schema-faker fills the fields the lifecycle does not own, from a small seeded pool per
 * vendor: its bodies are valid but incoherent, so the lifecycle overwrites every field that must
 * agree with the others, and faking per job would cost milliseconds per creation.
 */
export class MockVendor {
  readonly states: Record<string, StateInfo>;
  private readonly withPieces: boolean;
  private pool: Record<string, unknown>[] | undefined;
  private seq = 0;

  constructor(
    readonly vendor: Vendor,
    readonly spec: MockSpec,
    private readonly seed: number,
  ) {
    this.withPieces = usesPieces(spec);
    this.states = Object.fromEntries(
      vendor.states.map((s) => [s.name, s.terminal ? { terminal: s.terminal } : {}]),
    );
  }

  get name(): string {
    return this.vendor.name;
  }

  scenarioNames(): string[] {
    return Object.keys(this.spec.scenarios);
  }

  createJob(options: {
    scenario: string;
    now: number;
    id?: string;
    params?: Record<string, string>;
    request?: unknown;
  }): Job {
    const scenario = this.spec.scenarios[options.scenario];
    if (!scenario) {
      throw new JobkitError(
        'usage',
        `Vendor "${this.name}" has no scenario "${options.scenario}". Its scenarios: ${this.scenarioNames().join(', ')}.`,
      );
    }
    const seq = ++this.seq;
    const seed = hashSeed(this.seed, this.name, seq, options.id ?? '');
    const random = createRandom(seed);
    const params: Record<string, string> = {};
    for (const [key, template] of Object.entries(this.spec.params ?? {}))
      params[key] = fillIdTemplate(template, random, seq);
    Object.assign(params, options.params);
    const id = options.id ?? fillIdTemplate(this.spec.id, random, seq);
    return {
      id,
      vendor: this.name,
      scenario: options.scenario,
      seed,
      createdAt: options.now,
      params,
      ...(options.request === undefined ? {} : { request: options.request }),
      free: this.fakeBody(seed),
      plan: planJob(this.spec, scenario, seed, params),
    };
  }

  snapshot(job: Job, now: number): Snapshot {
    return snapshotAt(job, now, this.states, this.withPieces);
  }

  body(job: Job, now: number, snap: Snapshot = this.snapshot(job, now)): Record<string, unknown> {
    return renderBody(this.spec, job, snap);
  }

  /** The body as it would look in `state` (Weaviate's create response says STARTED). */
  bodyAsState(job: Job, now: number, state: string): Record<string, unknown> {
    const snap = this.snapshot(job, now);
    return renderBody(this.spec, job, { ...snap, state });
  }

  finishedAt(job: Job, now: number): number | undefined {
    return this.snapshot(job, now).finishedAt;
  }

  control(name: 'complete' | 'fail' | 'cancel'): Control | undefined {
    return this.spec.controls[name];
  }

  /** Ends the job now through `control`; explains why not when it cannot. */
  end(
    job: Job,
    control: Control,
    now: number,
    finishWork: boolean,
  ): { ok: true } | { ok: false; reason: string } {
    const snap = this.snapshot(job, now);
    if (snap.terminal) return { ok: false, reason: `job ${job.id} is already ${snap.state}` };
    if (control.from && !control.from.includes(snap.state)) {
      return {
        ok: false,
        reason: `job ${job.id} is ${snap.state}; only ${control.from.join(' or ')} jobs can be moved to ${control.state}`,
      };
    }
    const end: JobEnd = {
      at: now,
      state: control.state,
      endedBy: control.endedBy ?? 'admin',
      ...(finishWork ? { finishWork: true } : {}),
      ...(control.error === undefined ? {} : { error: control.error }),
    };
    job.end = end;
    return { ok: true };
  }

  private fakeBody(seed: number): Record<string, unknown> {
    this.pool ??= this.makePool();
    return this.pool[seed % this.pool.length] as Record<string, unknown>;
  }

  private makePool(): Record<string, unknown>[] {
    const bundle = this.vendor.schemas.bundle.document;
    // json-schema-faker inlines $refs in the schema it is given: hand it a copy, never the shared bundle.
    const schema = { $defs: structuredClone(bundle.$defs), $ref: `#/$defs/${this.vendor.root}` };
    const root = bundle.$defs[this.vendor.root];
    const declared = new Set(isObject(root) && isObject(root.properties) ? Object.keys(root.properties) : []);
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < FAKER_POOL; i++) {
      jsf.option({
        random: createRandom(hashSeed(this.seed, this.name, 'faker', i)),
        alwaysFakeOptionals: false,
        useDefaultValue: false,
        useExamplesValue: false,
        failOnInvalidFormat: false,
        maxItems: 3,
        fillProperties: false,
        maxLength: 24,
      });
      const body = jsf.generate(structuredClone(schema) as never);
      out.push(declaredOnly(body, declared));
    }
    return out;
  }
}

/** Real APIs send no made-up keys: keep only the properties the schema declares. */
function declaredOnly(body: unknown, declared: Set<string>): Record<string, unknown> {
  if (!isObject(body)) return {};
  return Object.fromEntries(Object.entries(body).filter(([key]) => declared.has(key)));
}
