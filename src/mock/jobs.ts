import type * as NodeModule from 'node:module';
import { JobkitError } from '../errors.js';
import type { Control, FieldSpec, MockSpec, Scenario } from '../format/types.js';
import {
  BodyRenderer,
  endOf,
  type Job,
  naturalFinish,
  type Plan,
  planJob,
  planSteps,
  reachability,
  type Snapshot,
  type StateInfo,
  snapshotAt,
} from '../lifecycle/engine.js';
import { createRandom, fillIdTemplate, hashSeed } from '../lifecycle/random.js';
import { isObject, own } from '../util/json.js';
import type { Vendor } from '../vendors/types.js';

const FAKER_POOL = 16;
const PLAN_CACHE = 512;

type Faker = typeof import('json-schema-faker').default;

/**
 * json-schema-faker, required on first need (loading it costs ~100 ms, and the built-in vendors
 * never need it). Found through `process.getBuiltinModule`, not an import of node:module, so the
 * mock's import graph stays free of Node built-ins for a browser bundle (where no vendor may need it).
 */
function loadFaker(vendor: string): Faker {
  const mod = globalThis.process?.getBuiltinModule?.('node:module') as typeof NodeModule.default | undefined;
  if (mod === undefined) {
    throw new JobkitError(
      'usage',
      `Vendor "${vendor}" has body fields its lifecycle does not set, which the mock fakes with json-schema-faker: that needs Node 20.16 or later (not a browser). Give every field of the status schema a "body" entry in its lifecycle file.`,
    );
  }
  return mod.createRequire(import.meta.url)('json-schema-faker') as Faker;
}

/**
 * A vendor as the mock runs it: creates jobs (seeded), and renders a job's body at a moment.
 * json-schema-faker fills the fields the lifecycle does not own, from a small seeded pool per
 * vendor: its bodies are valid but incoherent, so the lifecycle overwrites every field that must
 * agree with the others, and faking per job would cost milliseconds per creation.
 */
export class MockVendor {
  readonly states: Record<string, StateInfo>;
  /** The spec's scenario names, in order (a creation checks the one it is given against them). */
  readonly scenarioList: readonly string[];
  /** What a creation that names no scenario runs: `happy` if there is one, else the first. */
  readonly defaultScenario: string;
  private readonly withPieces: boolean;
  /** What each body field means and when it is set: the vendor's description, not the mock's. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  private readonly renderer: BodyRenderer;
  private pool: Record<string, unknown>[] | undefined;
  private readonly plans = new Map<Job, Plan>();
  private readonly paramTemplates: [string, string][];
  /** Default params that hold no random part: one frozen object shared by every job. */
  private readonly sharedParams: Record<string, string> | undefined;
  private seq = 0;
  /** States each state can legally reach: a control moves a job only to one of them. */
  private readonly reachable: Record<string, Set<string>>;

  constructor(
    readonly vendor: Vendor,
    readonly spec: MockSpec,
    private readonly seed: number,
    /** A moment as bodies show it (wall-clock timestamps); absent: as the clock reads it. */
    private readonly shown?: (ms: number) => number,
  ) {
    this.fields = vendor.lifecycle.body ?? {};
    this.renderer = new BodyRenderer(this.fields, vendor.lifecycle.conditions);
    this.withPieces = this.renderer.usesPieces;
    this.states = Object.fromEntries(
      vendor.states.map((s) => [
        s.name,
        { ...(s.terminal ? { terminal: s.terminal } : {}), ...(s.initial ? { initial: true } : {}) },
      ]),
    );
    this.reachable = reachability(vendor.transitions);
    this.scenarioList = Object.freeze(Object.keys(spec.scenarios));
    this.defaultScenario = this.scenarioList.includes('happy') ? 'happy' : (this.scenarioList[0] as string);
    const defaults = spec.params ?? {};
    this.paramTemplates = Object.entries(defaults);
    this.sharedParams = Object.values(defaults).every((t) => !t.includes('{'))
      ? Object.freeze({ ...defaults })
      : undefined;
  }

  get name(): string {
    return this.vendor.name;
  }

  /** A copy: callers may sort or extend it. */
  scenarioNames(): string[] {
    return [...this.scenarioList];
  }

  createJob(options: {
    scenario: string;
    now: number;
    id?: string;
    params?: Record<string, string>;
    request?: unknown;
  }): Job {
    const scenario = own(this.spec.scenarios, options.scenario);
    if (!scenario) {
      throw new JobkitError(
        'usage',
        `Vendor "${this.name}" has no scenario "${options.scenario}". Its scenarios: ${this.scenarioList.join(', ')}.`,
      );
    }
    const seq = ++this.seq;
    const seed = hashSeed(this.seed, this.name, seq, options.id ?? '');
    const random = createRandom(seed);
    const params = this.paramsFor(random, seq, options.params);
    const id = options.id ?? fillIdTemplate(this.spec.id, random, seq);
    const job: Job = {
      id,
      vendor: this.name,
      scenario: options.scenario,
      seed,
      createdAt: options.now,
      params,
      ...(options.request === undefined ? {} : { request: options.request }),
      free: this.fakeBody(seed),
      finishesAt: 0,
    };
    job.finishesAt = naturalFinish(job.createdAt, planSteps(scenario, seed), this.states);
    return job;
  }

  private paramsFor(
    random: () => number,
    seq: number,
    overrides?: Record<string, string>,
  ): Record<string, string> {
    if (this.sharedParams && (!overrides || Object.keys(overrides).length === 0)) return this.sharedParams;
    const params: Record<string, string> = {};
    for (const [key, template] of this.paramTemplates) params[key] = fillIdTemplate(template, random, seq);
    return Object.assign(params, overrides);
  }

  snapshot(job: Job, now: number): Snapshot {
    return snapshotAt(job, this.planOf(job), now, this.states, this.withPieces);
  }

  /**
   * A job's plan is a pure function of its seed, scenario and params, so it is derived when
   * needed and kept in a bounded cache: 100,000 idle jobs hold no timelines, polled ones hit.
   */
  planOf(job: Job): Plan {
    let plan = this.plans.get(job);
    if (plan) return plan;
    plan = planJob(
      this.spec,
      this.spec.scenarios[job.scenario] as Scenario,
      job.seed,
      job.params,
      job.request,
    );
    if (this.plans.size >= PLAN_CACHE) this.plans.delete(this.plans.keys().next().value as Job);
    this.plans.set(job, plan);
    return plan;
  }

  body(job: Job, now: number, snap: Snapshot = this.snapshot(job, now)): Record<string, unknown> {
    return this.renderer.render(job, snap, this.shown);
  }

  /** The body as it would look in `state` (Weaviate's create response says STARTED). */
  bodyAsState(job: Job, now: number, state: string): Record<string, unknown> {
    const snap = this.snapshot(job, now);
    return this.renderer.render(job, { ...snap, state }, this.shown);
  }

  /** When the job finished, if it has by `now`: no snapshot needed (sweeps walk every job). */
  finishedAt(job: Job, now: number): number | undefined {
    return finishedBy(job, now);
  }

  control(name: 'complete' | 'fail' | 'cancel'): Control | undefined {
    return Object.hasOwn(this.spec.controls, name) ? this.spec.controls[name] : undefined;
  }

  /** Ends the job now through `control`; explains why not when it cannot. */
  end(
    job: Job,
    control: Control,
    now: number,
    finishWork: boolean,
  ): { ok: true } | { ok: false; reason: string } {
    const snap = this.snapshot(job, now);
    // A job in a transit (its own control's, or a scenario's) is on its way to the end already.
    if (snap.terminal || snap.transit || snap.state === control.via?.state) {
      return { ok: false, reason: `job ${job.id} is already ${snap.state}` };
    }
    if (control.from && !control.from.includes(snap.state)) {
      return {
        ok: false,
        reason: `job ${job.id} is ${snap.state}; only ${control.from.join(' or ')} jobs can be moved to ${control.state}`,
      };
    }
    const next = control.via?.state ?? control.state;
    if (!own(this.reachable, snap.state)?.has(next)) {
      return {
        ok: false,
        reason: `job ${job.id} is ${snap.state}, which cannot move to ${next} (see the vendor's transitions)`,
      };
    }
    const end = endOf(job, control, now, finishWork);
    job.end = end;
    job.finishesAt = own(this.states, control.state)?.terminal ? (end.via?.until ?? now) : job.finishesAt;
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
    const root = own(bundle.$defs, this.vendor.root);
    const declared = new Set(isObject(root) && isObject(root.properties) ? Object.keys(root.properties) : []);
    for (const owned of Object.keys(this.fields)) declared.delete(owned);
    // `free:` fields read faker's values inside fields the lifecycle owns (an error object's code).
    const reads = readsFree(this.fields);
    // Nothing left for faker (every built-in lifecycle owns all its fields): skip loading it at all.
    if (declared.size === 0 && !reads) return [{}];
    const jsf = loadFaker(this.name);
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < FAKER_POOL; i++) {
      jsf.option({
        random: createRandom(hashSeed(this.seed, this.name, 'faker', i)),
        alwaysFakeOptionals: reads,
        useDefaultValue: false,
        useExamplesValue: false,
        failOnInvalidFormat: false,
        maxItems: 3,
        fillProperties: false,
        maxLength: 24,
      });
      const body = jsf.generate(structuredClone(schema) as never);
      out.push(reads && isObject(body) ? body : declaredOnly(body, declared));
    }
    return out;
  }
}

/**
 * When a job finished, if it has by `now`. It reads only the job (whatever its vendor), so the
 * store's sweeps call it directly rather than looking up each job's MockVendor.
 */
export function finishedBy(job: Job, now: number): number | undefined {
  return job.finishesAt <= now ? job.finishesAt : undefined;
}

/** Real APIs send no made-up keys: keep only the properties the schema declares. */
function readsFree(fields: Readonly<Record<string, FieldSpec>>): boolean {
  return Object.values(fields).some(
    (f) =>
      f.from.startsWith('free:') ||
      (f.fields !== undefined && readsFree(f.fields)) ||
      (f.fallback !== undefined && readsFree({ f: f.fallback })),
  );
}

function declaredOnly(body: unknown, declared: Set<string>): Record<string, unknown> {
  if (!isObject(body)) return {};
  return Object.fromEntries(Object.entries(body).filter(([key]) => declared.has(key)));
}
