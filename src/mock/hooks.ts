import type { Job } from '../lifecycle/engine.js';
import { getAt } from '../util/pointer.js';
import type { MockVendor } from './jobs.js';
import type { CreateHooksSpec, ErrorKindName } from './types.js';

/**
 * One-vendor behaviours of the create action, named in a lifecycle file under `create.hooks`.
 * The generic create asks the route's hooks at fixed points; each hook answers only the
 * questions it cares about. Hooks are bound once per route, so state they keep (one-active's
 * jobs) belongs to that route of that app.
 */
export interface BoundHook {
  /** A bad_request message when the vendor refuses this request's contents. */
  check?(request: unknown, now: number): string | undefined;
  /** A refusal message (of the kind `refuseAs`, default conflict) while this creation must be refused. */
  refuse?(
    vendor: MockVendor,
    now: number,
    alive: (job: Job) => boolean,
    context?: RefuseContext,
  ): string | undefined;
  /** The error kind `refuse` answers with (default conflict). */
  refuseAs?: ErrorKindName;
  /**
   * How many jobs this request creates, the parameters each one adds, and whether they run in
   * turn (each created when the one before it finishes).
   */
  jobs?(
    request: unknown,
  ): { count: number; params: (i: number) => Record<string, string>; inTurn?: boolean } | undefined;
  /** Told of the jobs just created. */
  created?(jobs: Job[]): void;
  /** The body the creation answers with, for its first job. */
  respond?(vendor: MockVendor, job: Job, now: number): Record<string, unknown>;
}

/** What a refusal may look at beyond the vendor: the request's path parameters and the jobs. */
export interface RefuseContext {
  /** The path parameters, under the job parameter names they fill (paramAliases applied). */
  params: Readonly<Record<string, string>>;
  /** The vendor's jobs: those in the store, then those held until their creation time. */
  jobs(): Iterable<Job>;
}

interface Hook<K extends keyof CreateHooksSpec> {
  /** Error kinds the hook can add to the route's answers (for the OpenAPI export). */
  kinds: ErrorKindName[];
  bind(options: NonNullable<CreateHooksSpec[K]>): BoundHook;
}

const HOUR_MS = 3600_000;

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A UTC time as Python's datetime.isoformat() writes it (PostHog's messages quote it). */
function pythonIso(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = iso.slice(19, 23);
  return `${iso.slice(0, 19)}${fraction === '.000' ? '' : `${fraction}000`}+00:00`;
}

export const HOOKS: { [K in keyof CreateHooksSpec]-?: Hook<K> } = {
  /** PostHog backfills: one run per hour of [from, to), each with its interval. */
  'hourly-runs': {
    kinds: ['bad_request'],
    bind: ({ from, to, max, refuse, oneAtATime }) => ({
      check(request, now) {
        if (!refuse) return undefined;
        const startText = getAt(request, from);
        if (startText === undefined || startText === null) return refuse.missing;
        const start = Date.parse(String(startText));
        const end = Date.parse(String(getAt(request, to)));
        if (!Number.isFinite(start) || !Number.isFinite(end)) return undefined;
        if (start >= end) return refuse.order;
        if (end > now && refuse.future !== undefined) {
          return refuse.future.replace('{{to}}', pythonIso(end));
        }
        return undefined;
      },
      jobs(request) {
        const start = Date.parse(String(getAt(request, from)));
        const end = Date.parse(String(getAt(request, to)));
        const count =
          !Number.isFinite(start) || !Number.isFinite(end) || end <= start
            ? 1
            : Math.min(max, Math.max(1, Math.ceil((end - start) / HOUR_MS)));
        const inTurn = oneAtATime === true;
        if (!Number.isFinite(start)) return { count, params: () => ({}), inTurn };
        const first = Math.floor(start / HOUR_MS) * HOUR_MS;
        return {
          count,
          inTurn,
          params: (i) => ({
            interval_start: isoSeconds(first + i * HOUR_MS),
            interval_end: isoSeconds(first + (i + 1) * HOUR_MS),
          }),
        };
      },
    }),
  },

  /** PostHog's concurrent backfills: refused while `limit` groups in the same scope are active. */
  'active-limit': {
    kinds: ['too_many_active'],
    bind: ({ group, per, limit, message }) => ({
      refuseAs: 'too_many_active',
      refuse(vendor, now, _alive, context) {
        if (!context) return undefined;
        const { params, jobs } = context;
        const active = new Set<string>();
        for (const job of jobs()) {
          const name = job.params[group];
          if (name === undefined || active.has(name)) continue;
          if (per.some((p) => job.params[p] !== params[p])) continue;
          if (job.createdAt > now || !vendor.snapshot(job, now).terminal) active.add(name);
        }
        return active.size >= limit ? message.replace('{{limit}}', String(limit)) : undefined;
      },
    }),
  },

  /**
   * Weaviate runs one export at a time: refused while a job created here is still running; the
   * message's {{id}} is the running job's.
   */
  'one-active': {
    kinds: ['conflict'],
    bind: ({ message }) => {
      let active: Job[] = [];
      return {
        refuse(vendor, now, alive) {
          active = active.filter((job) => alive(job) && !vendor.snapshot(job, now).terminal);
          const running = active[0];
          return running === undefined ? undefined : message.replaceAll('{{id}}', running.id);
        },
        created(jobs) {
          active = [...active, ...jobs];
        },
      };
    },
  },

  /** Weaviate's include and exclude: at most one of the request's lists may hold a value. */
  exclusive: {
    kinds: ['bad_request'],
    bind: ({ pointers, message }) => ({
      check(request) {
        const given = pointers.filter((p) => {
          const value = getAt(request, p);
          return (
            value !== undefined &&
            value !== null &&
            value !== '' &&
            !(Array.isArray(value) && value.length === 0)
          );
        });
        return given.length > 1 ? message : undefined;
      },
    }),
  },

  /** Weaviate's create answers STARTED, whatever the job's first state. */
  'respond-as': {
    kinds: [],
    bind: ({ state }) => ({
      respond: (vendor, job, now) => vendor.bodyAsState(job, now, state),
    }),
  },
};

export type HookName = keyof CreateHooksSpec;

/** The route's hooks, bound: a fresh set per call (one per route of one app). */
export function bindHooks(spec: CreateHooksSpec | undefined): BoundHook[] {
  if (!spec) return [];
  return (Object.keys(spec) as HookName[]).map((name) => {
    const hook = HOOKS[name] as Hook<HookName>;
    return hook.bind(spec[name] as never);
  });
}

/** The error kinds a route's hooks can answer. */
export function hookKinds(spec: CreateHooksSpec | undefined): ErrorKindName[] {
  return spec ? (Object.keys(spec) as HookName[]).flatMap((name) => HOOKS[name].kinds) : [];
}
