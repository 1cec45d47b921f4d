import type { Violation } from '../../rules/check.js';
import { getAt } from '../../util/pointer.js';
import type { Vendor } from '../../vendors/registry.js';
import type { CaseResult } from '../types.js';
import { send, statusOk } from './http.js';
import type { StepContext } from './template.js';
import type { RequestSpec, StepSpec } from './types.js';

export async function requestStep(
  step: StepSpec,
  name: string,
  vendor: Vendor,
  ctx: StepContext,
): Promise<CaseResult> {
  const started = performance.now();
  const request = step.request as RequestSpec;
  const res = await send(request, ctx);
  const violations: Violation[] = [];
  const method = request.method ?? 'GET';
  if (!statusOk(step.expect?.status, res.status)) {
    violations.push({
      rule: 'http-status',
      poll: 0,
      pointer: '',
      message: `${method} ${res.url} answered ${res.status}, expected ${JSON.stringify(step.expect?.status ?? '2xx')}: ${res.text.slice(0, 200)}`,
      current: res.status,
    });
  }
  let body: unknown;
  if (res.text.trim() !== '') {
    try {
      body = JSON.parse(res.text);
    } catch {
      if (step.capture || step.expect?.schema) {
        violations.push({
          rule: 'json-body',
          poll: 0,
          pointer: '',
          message: `${method} ${res.url} answered non-JSON: ${JSON.stringify(res.text.slice(0, 120))}`,
        });
      }
    }
  }
  if (body !== undefined && step.expect?.schema) {
    for (const issue of vendor.validate(body, step.expect.schema).issues) {
      violations.push({
        rule: 'schema',
        poll: 0,
        pointer: issue.pointer,
        message: `${step.expect.schema}: ${issue.message}`,
        current: issue.received,
      });
    }
  }
  for (const [variable, where] of Object.entries(step.capture ?? {})) {
    const value = where.startsWith('header:')
      ? res.headers.get(where.slice(7))
      : body === undefined
        ? undefined
        : getAt(body, where);
    if (value === undefined || value === null || (typeof value !== 'string' && typeof value !== 'number')) {
      violations.push({
        rule: 'capture',
        poll: 0,
        pointer: where.startsWith('header:') ? '' : where,
        message: `nothing to capture as "${variable}" at ${where} in the answer of ${method} ${res.url}`,
      });
    } else {
      ctx.vars[variable] = String(value);
    }
  }
  return {
    name,
    vendor: vendor.name,
    ok: violations.length === 0,
    violations,
    polls: 0,
    durationMs: performance.now() - started,
    states: [],
    notes: [],
  };
}
