import { JobkitError } from '../errors.js';
import type { Job } from '../lifecycle/engine.js';
import { createRandom, fillIdTemplate, hashSeed } from '../lifecycle/random.js';
import type { Ajv2020 } from '../schema/ajv.js';
import type { Registry } from '../vendors/types.js';
import { type Clock, createRealClock } from './clock.js';
import { Faults } from './faults.js';
import { statusPathOf } from './job-headers.js';
import { finishedBy, MockVendor } from './jobs.js';
import { RequestLog } from './request-log.js';
import { type CompiledRoute, compileRoutes, defaultApi, type RouteInfo, routeInfo } from './routes.js';
import { type ScenarioRule, ScenarioRules } from './scenarios.js';
import { JobStore } from './store.js';
import type { ApiSpec } from './types.js';

export interface MockStateOptions {
  registry: Registry;
  /** Vendors to serve (default: every vendor whose lifecycle file has a `mock` section). */
  vendors?: string[];
  /** Same seed, same jobs: ids, timelines and fixtures (default 1). */
  seed?: number;
  clock?: Clock;
  /** Jobs held at most (default 100,000). */
  maxJobs?: number;
  /** Finished jobs are forgotten this long after finishing, in clock ms (default 24 h). */
  finishedTtlMs?: number;
  /**
   * Called after a sweep forgets many jobs (a full garbage collection, in `jobkit serve`), so
   * memory returns to its steady state at once instead of whenever V8 next decides to collect.
   */
  collect?: () => void;
  /** Things an operator should hear about even with the request log off (evicted running jobs). */
  notice?: (line: string) => void;
  /**
   * How bodies show times: `virtual` (default) as the clock reads them, `wall` as wall-clock
   * times (see Clock.wall), so a sped-up mock never shows a finish in the future.
   */
  timestamps?: Timestamps;
  /** Requests kept in `requests`, the newest (default 0: none are kept). Tests read them back. */
  requestLog?: number;
  /** Scenario rules the mock starts with (and a reset brings back): `--scenario`, the config file. */
  scenarios?: ScenarioRule[];
}

export type Timestamps = 'virtual' | 'wall';

export interface JobSummary {
  id: string;
  vendor: string;
  scenario: string;
  state: string;
  terminal: string | null;
  progress: number;
  createdAt: string;
  statusUrl: string | null;
}

export type EndAction = 'complete' | 'fail' | 'cancel';
export type EndResult =
  | { ok: true }
  | { ok: false; why: 'no-control' }
  | { ok: false; why: 'refused'; reason: string };

/** The mock's jobs, time and faults, with no HTTP in it: the app and the OpenAPI export build on it. */
export interface MockState {
  clock: Clock;
  store: JobStore;
  faults: Faults;
  /** Which scenario the jobs clients create get, when their request names none. */
  scenarios: ScenarioRules;
  /** The last requests answered (kept only when `requestLog` asks for them). */
  requests: RequestLog;
  vendors: Map<string, MockVendor>;
  /** Every served route, in declaration order. */
  compiled: CompiledRoute[];
  routes: RouteInfo[];
  /** The served vendor of this name; a usage error naming the served ones otherwise. */
  vendorOf(name: string): MockVendor;
  createJob(options: {
    vendor: string;
    scenario?: string;
    id?: string;
    params?: Record<string, string>;
  }): Job;
  /**
   * Holds a job made by a vendor route (the store's cap and periodic sweep apply); one created
   * ahead of the clock is in no list and under no id until the clock reaches its creation.
   */
  addJob(job: Job): void;
  /** A new Ajv for the mock's own schemas (the admin API), from the registry. */
  createAjv(): Ajv2020;
  /** A batch parameter shared by the jobs of one creation (a backfill id). */
  batchParam(template: string): string;
  /** One job per vendor and scenario, for a frontend developer to poll at once. */
  createDemoJobs(): Job[];
  /** Ends a running job now through its vendor's control of that name. */
  end(job: Job, action: EndAction): EndResult;
  statusPath(job: Job): string | undefined;
  /** A moment of the clock as bodies show it (`timestamps`). */
  shown(ms: number): number;
  summary(job: Job, origin?: string): JobSummary;
  clockInfo(): { now: string; kind: Clock['kind']; speed: number; paused?: boolean };
  reset(options?: { demo?: boolean }): void;
  sweep(): number;
}

/** Forgetting this many jobs at once is worth a full collection (see MockStateOptions.collect). */
const COLLECT_AFTER = 5000;

/** Evictions of running jobs this close together are one burst, told once. */
const BURST_QUIET_MS = 10_000;

/** Tells `notice` once per burst of running jobs evicted by the cap (a burst can last as long as creations keep coming). */
function evictionNotice(maxJobs: number, notice: ((line: string) => void) | undefined) {
  let last = Number.NEGATIVE_INFINITY;
  return (count: number, first: Job) => {
    const now = performance.now();
    const quiet = now - last > BURST_QUIET_MS;
    last = now;
    if (!quiet || !notice) return;
    const id = JSON.stringify(first.id.length > 80 ? `${first.id.slice(0, 80)}…` : first.id);
    notice(
      `--max-jobs ${maxJobs} is full of running jobs: evicting the oldest (${count} now, first the ${first.vendor} job ${id}); their routes answer 404 saying they were evicted. Told once per burst.`,
    );
  };
}

/** How bodies show a moment of `clock`, or nothing when they show it as it is. */
function shownTimes(clock: Clock, timestamps: Timestamps | undefined) {
  const wall = clock.wall?.bind(clock);
  return timestamps === 'wall' && wall ? (ms: number) => Math.round(wall(ms)) : undefined;
}

function servedVendors(options: MockStateOptions, seed: number, shown: ((ms: number) => number) | undefined) {
  const vendors = new Map<string, MockVendor>();
  const apis = new Map<string, ApiSpec>();
  for (const name of options.vendors ?? options.registry.names()) {
    const vendor = options.registry.get(name);
    const mock = vendor.lifecycle.mock;
    if (!mock) {
      if (options.vendors) {
        throw new JobkitError(
          'usage',
          `Vendor "${name}" has no "mock" section in ${vendor.source.lifecycle}, so it cannot be served.`,
        );
      }
      continue;
    }
    vendors.set(name, new MockVendor(vendor, mock, seed, shown));
    apis.set(name, vendor.lifecycle.api ?? defaultApi(name));
  }
  return { vendors, apis };
}

/** A usage error for a rule that names no served vendor, or a scenario or route it does not have. */
function checkRule(rule: ScenarioRule, vendors: Map<string, MockVendor>, compiled: CompiledRoute[]): void {
  const mv = vendors.get(rule.vendor);
  if (!mv)
    throw new JobkitError(
      'usage',
      `Scenario rule: unknown vendor "${rule.vendor}". Served vendors: ${[...vendors.keys()].join(', ')}.`,
    );
  if (!mv.scenarioList.includes(rule.scenario))
    throw new JobkitError(
      'usage',
      `Scenario rule: ${rule.vendor} has no scenario "${rule.scenario}". Its scenarios: ${mv.scenarioList.join(', ')}.`,
    );
  if (rule.route === undefined) return;
  const creates = compiled.filter((r) => r.vendor.name === rule.vendor && r.spec.action === 'create');
  const names = creates.flatMap((r) => [r.spec.path, `${r.spec.method} ${r.spec.path}`]);
  if (!names.includes(rule.route))
    throw new JobkitError(
      'usage',
      `Scenario rule: ${rule.vendor} has no create route "${rule.route}". Its create routes: ${creates.map((r) => `${r.spec.method} ${r.spec.path}`).join(', ') || 'none'}.`,
    );
}

function endJob(mv: MockVendor, job: Job, action: EndAction, now: number): EndResult {
  const control = mv.control(action);
  if (!control) return { ok: false, why: 'no-control' };
  const done = mv.end(job, control, now, action === 'complete');
  return done.ok ? done : { ok: false, why: 'refused', reason: done.reason };
}

function summarize(state: MockState, job: Job, origin: string, shown = (ms: number) => ms): JobSummary {
  const snap = state.vendorOf(job.vendor).snapshot(job, state.clock.now());
  const path = state.statusPath(job);
  return {
    id: job.id,
    vendor: job.vendor,
    scenario: job.scenario,
    state: snap.state,
    terminal: snap.terminal ?? null,
    progress: Math.round(snap.progress * 1000) / 10,
    createdAt: new Date(shown(job.createdAt)).toISOString(),
    statusUrl: path === undefined ? null : `${origin}${path}`,
  };
}

function clockInfo(clock: Clock): ReturnType<MockState['clockInfo']> {
  return {
    now: new Date(clock.now()).toISOString(),
    kind: clock.kind,
    speed: clock.speed,
    ...(clock.paused === undefined ? {} : { paused: clock.paused }),
  };
}

export function createMockState(options: MockStateOptions): MockState {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? createRealClock();
  const maxJobs = options.maxJobs ?? 100_000;
  const store = new JobStore({
    maxJobs,
    finishedTtlMs: options.finishedTtlMs ?? 24 * 3600_000,
    onEvictRunning: evictionNotice(maxJobs, options.notice),
    now: () => clock.now(),
  });
  const faults = new Faults(seed);
  const shown = shownTimes(clock, options.timestamps);
  const { vendors, apis } = servedVendors(options, seed, shown);
  const compiled = compileRoutes(vendors, apis);
  for (const rule of options.scenarios ?? []) checkRule(rule, vendors, compiled);
  const scenarios = new ScenarioRules(options.scenarios);
  const statusRoutes = new Map<string, CompiledRoute>();
  for (const r of compiled)
    if (r.spec.action === 'status' && !statusRoutes.has(r.vendor.name)) statusRoutes.set(r.vendor.name, r);
  let created = 0;
  const batchRandom = createRandom(hashSeed(seed, 'batch'));

  // Evictions read the clock per job: they usually ask about one job, and the clock may move
  // while they walk the running ones.
  const finishedAt = (job: Job) => finishedBy(job, clock.now());

  const state: MockState = {
    clock,
    store,
    faults,
    scenarios,
    requests: new RequestLog(options.requestLog ?? 0),
    vendors,
    compiled,
    routes: compiled.map(routeInfo),
    vendorOf(name) {
      const v = vendors.get(name);
      if (v) return v;
      throw new JobkitError(
        'usage',
        `Unknown vendor "${name}". Served vendors: ${[...vendors.keys()].join(', ')}.`,
      );
    },
    addJob(job) {
      // A job made ahead of its time (a backfill's later run) waits out of sight until then.
      if (job.createdAt > clock.now()) return store.hold(job, finishedAt);
      store.add(job, finishedAt);
      if (++created % 1000 === 0) state.sweep();
    },
    createAjv() {
      if (options.registry.createAjv) return options.registry.createAjv();
      throw new JobkitError(
        'usage',
        'The admin API checks its bodies with Ajv: its registry must have createAjv().',
      );
    },
    batchParam: (template) => fillIdTemplate(template, batchRandom, created),
    createJob({ vendor, scenario, id, params }) {
      const mv = state.vendorOf(vendor);
      if (id !== undefined && store.get(vendor, id)) {
        throw new JobkitError('usage', `A ${vendor} job with id "${id}" already exists.`);
      }
      const job = mv.createJob({
        scenario: scenario ?? mv.defaultScenario,
        now: clock.now(),
        ...(id === undefined ? {} : { id }),
        ...(params ? { params } : {}),
      });
      state.addJob(job);
      return job;
    },
    createDemoJobs() {
      const jobs: Job[] = [];
      for (const [name, mv] of vendors) {
        for (const scenario of mv.scenarioList) jobs.push(state.createJob({ vendor: name, scenario }));
      }
      return jobs;
    },
    end: (job, action) => endJob(state.vendorOf(job.vendor), job, action, clock.now()),
    statusPath: (job) => statusPathOf(statusRoutes.get(job.vendor)?.spec, job),
    summary: (job, origin = '') => summarize(state, job, origin, shown),
    shown: shown ?? ((ms) => ms),
    clockInfo: () => clockInfo(clock),
    reset({ demo = false } = {}) {
      store.clear();
      faults.clear();
      scenarios.reset();
      if (demo) state.createDemoJobs();
    },
    sweep() {
      // One `now` for the whole walk: a job that finishes during it is not past a TTL (≥ 0) at
      // that `now` either, so reading the clock per job would change nothing but the cost.
      const now = clock.now();
      const removed = store.sweep(now, (job) => finishedBy(job, now));
      if (removed >= COLLECT_AFTER) options.collect?.();
      return removed;
    },
  };
  return state;
}
