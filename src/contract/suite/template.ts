import type { Violation } from '../../rules/check.js';
import { isObject } from '../../util/json.js';

/** A step that cannot run (a missing variable, no base URL, an unreachable server): its one violation. */
export class SuiteStepError extends Error {
  constructor(readonly violation: Violation) {
    super(violation.message);
  }
}

export interface StepContext {
  base: string | undefined;
  vars: Record<string, string>;
  env: NodeJS.ProcessEnv;
  headers: Record<string, string>;
}

const REFERENCE = /\{(env\.)?([A-Za-z_][\w-]*)\}/g;

/** The `{name}` and `{env.NAME}` references of a template, in order. */
export function references(text: string): { whole: string; env: boolean; name: string }[] {
  return [...text.matchAll(REFERENCE)].map((m) => ({
    whole: m[0],
    env: m[1] !== undefined,
    name: m[2] as string,
  }));
}

/** A variable's value; own properties only, so `{constructor}` or `{__proto__}` is simply undefined. */
export function lookup(table: Record<string, string | undefined>, name: string): string | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** A variable table without a prototype: a captured `__proto__` is a variable like any other. */
export function variableTable(...sources: Record<string, string>[]): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, ...sources);
}

/** `{name}` → a suite variable, a captured value, or `{env.NAME}`. */
export function substitute(text: string, ctx: StepContext): string {
  return text.replace(REFERENCE, (whole, env: string | undefined, name: string) => {
    const value = lookup(env ? ctx.env : ctx.vars, name);
    if (value === undefined) {
      throw new SuiteStepError({
        rule: 'capture',
        poll: 0,
        pointer: '',
        message: `${whole} has no value: ${env ? `set the environment variable ${name}` : `define "${name}" in variables or capture it in an earlier step`}`,
      });
    }
    return value;
  });
}

export function substituteDeep(value: unknown, ctx: StepContext): unknown {
  if (typeof value === 'string') return substitute(value, ctx);
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, ctx));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteDeep(v, ctx)]));
  return value;
}

export function resolveUrl(path: string, ctx: StepContext): string {
  const filled = substitute(path, ctx);
  if (/^https?:\/\//.test(filled)) return filled;
  if (!ctx.base) {
    throw new SuiteStepError({
      rule: 'connection',
      poll: 0,
      pointer: '',
      message: `no base URL for ${filled}: pass --base-url or set baseUrl in the suite`,
    });
  }
  return new URL(filled.replace(/^\//, ''), ctx.base.endsWith('/') ? ctx.base : `${ctx.base}/`).toString();
}
