import type { Violation } from '../../rules/check.js';
import { isObject, own } from '../../util/json.js';

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

/** `{name}` → a suite variable, a captured value, or `{env.NAME}`. */
export function substitute(text: string, ctx: StepContext): string {
  return text.replace(/\{(env\.)?([A-Za-z_][\w-]*)\}/g, (whole, env: string | undefined, name: string) => {
    const value = own(env ? ctx.env : ctx.vars, name);
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
