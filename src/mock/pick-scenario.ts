import type { Context } from 'hono';
import type { CompiledRoute } from './routes.js';
import type { MockState } from './state.js';

/** Where a creation's scenario came from, so a refusal can name what the client sent. */
export type ScenarioSource = 'header' | 'query' | 'rule' | 'route' | 'default';

/**
 * The scenario of the jobs a create request makes, first found: the X-Jobkit-Scenario header, a
 * `?scenario=` query parameter (for clients whose headers cannot be touched), the newest scenario
 * rule in scope, the route's own, the vendor's default. `spend` takes one from a rule's budget (the
 * creation itself); faults deciding on a request only look.
 */
export function creationScenario(
  c: Context,
  route: CompiledRoute,
  state: MockState,
  spend: boolean,
): { scenario: string; from: ScenarioSource } {
  const header = c.req.header('x-jobkit-scenario');
  if (header !== undefined) return { scenario: header, from: 'header' };
  const query = c.req.query('scenario');
  if (query !== undefined) return { scenario: query, from: 'query' };
  if (state.scenarios.size > 0) {
    const request = { vendor: route.vendor.name, method: route.spec.method, path: route.spec.path };
    const ruled = spend ? state.scenarios.take(request) : state.scenarios.peek(request);
    if (ruled !== undefined) return { scenario: ruled, from: 'rule' };
  }
  const own = route.spec.create?.scenario;
  if (own !== undefined) return { scenario: own, from: 'route' };
  return { scenario: route.vendor.defaultScenario, from: 'default' };
}
