import type { PlanHooks } from '../format/types.js';
import type { Random } from './random.js';

/**
 * One-vendor behaviours of job planning, as named hooks: a vendor file switches one on under
 * `mock.hooks` by name, and the generic machine knows none of them.
 */
export interface PlanExtras {
  /** Group names pieces belong to, in order (Weaviate classes). */
  groups: string[];
}

type PlanHook<K extends keyof PlanHooks> = (
  config: NonNullable<PlanHooks[K]>,
  params: Readonly<Record<string, string>>,
  draw: number,
) => Partial<PlanExtras>;

const HOOKS: { [K in keyof PlanHooks]-?: PlanHook<K> } = {
  /** The job's own list (a request's `include`) when it has one, else one to three of `names`. */
  'piece-groups': (config, params, draw) => {
    const asked = params[config.param ?? 'groups']?.split(',').filter(Boolean) ?? [];
    if (asked.length > 0) return { groups: asked };
    const left = config.exclude === undefined ? [] : (params[config.exclude]?.split(',') ?? []);
    if (left.length > 0) return { groups: config.names.filter((n) => !left.includes(n)) };
    const count = Math.min(config.names.length, 1 + Math.floor(draw * 3));
    return { groups: config.names.slice(0, Math.max(count, config.names.length > 0 ? 1 : 0)) };
  },
};

export const PLAN_HOOK_NAMES = Object.keys(HOOKS) as (keyof PlanHooks)[];

export function planHooks(
  hooks: PlanHooks | undefined,
  params: Readonly<Record<string, string>>,
  random: Random,
): PlanExtras {
  // One number is drawn whether or not a vendor has groups, so switching the hook on does not
  // reshuffle the rest of a job's seeded plan (its total, piece names).
  const draw = random();
  const extras: PlanExtras = { groups: [] };
  const groups = hooks?.['piece-groups'];
  if (groups) Object.assign(extras, HOOKS['piece-groups'](groups, params, draw));
  return extras;
}
