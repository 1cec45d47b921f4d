import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/mock/clock.js';
import { parseScenarioFlag, ScenarioRules } from '../../src/mock/scenarios.js';
import { createMockState } from '../../src/mock/state.js';
import { createRegistry } from '../../src/vendors/registry.js';
import { mockApp } from '../helpers/server.js';

/** Scenario rules: which scenario a client's creation gets, with no header in the client. */

const registry = createRegistry();
const T0 = Date.UTC(2026, 0, 1);
const BATCH = { vendor: 'fullstory-users-batch', method: 'POST', path: '/v2/users/batch' };

describe('ScenarioRules', () => {
  it('the newest matching rule wins, and one with times is gone once spent', () => {
    const rules = new ScenarioRules([{ vendor: 'fullstory-users-batch', scenario: 'slow' }]);
    rules.add({
      vendor: 'fullstory-users-batch',
      route: 'POST /v2/users/batch',
      scenario: 'failure',
      times: 2,
    });
    expect(rules.peek(BATCH)).toBe('failure');
    expect(rules.peek(BATCH)).toBe('failure');
    expect(rules.take(BATCH)).toBe('failure');
    expect(rules.list()[1]?.left).toBe(1);
    expect(rules.take(BATCH)).toBe('failure');
    expect(rules.take(BATCH)).toBe('slow');
    expect(rules.take(BATCH)).toBe('slow');
    expect(rules.size).toBe(1);
  });

  it('matches the vendor and the route as declared or as "METHOD path"', () => {
    const rules = new ScenarioRules();
    rules.add({ vendor: 'fullstory-users-batch', route: '/v2/users/other', scenario: 'failure' });
    expect(rules.peek(BATCH)).toBeUndefined();
    rules.add({ vendor: 'posthog', scenario: 'failure' });
    expect(rules.peek(BATCH)).toBeUndefined();
    rules.add({ vendor: 'fullstory-users-batch', route: '/v2/users/batch', scenario: 'slow' });
    expect(rules.peek(BATCH)).toBe('slow');
  });

  it('a reset brings back the starting rules with full budgets; clear drops them all', () => {
    const rules = new ScenarioRules([{ vendor: 'posthog', scenario: 'failure', times: 1 }]);
    const request = { vendor: 'posthog', method: 'POST', path: '/x' };
    expect(rules.take(request)).toBe('failure');
    expect(rules.take(request)).toBeUndefined();
    rules.reset();
    expect(rules.list()).toEqual([
      { id: 'scenario-2', vendor: 'posthog', scenario: 'failure', times: 1, left: 1 },
    ]);
    rules.clear();
    expect(rules.size).toBe(0);
  });

  it('parses --scenario vendor=scenario', () => {
    expect(parseScenarioFlag('pinpoint=failure')).toEqual({ vendor: 'pinpoint', scenario: 'failure' });
    expect(parseScenarioFlag('pinpoint')).toBeUndefined();
    expect(parseScenarioFlag('a=b=c')).toBeUndefined();
  });
});

describe('starting rules are checked against the served vendors', () => {
  it.each([
    [{ vendor: 'nope', scenario: 'happy' }, /unknown vendor "nope"/],
    [{ vendor: 'posthog', scenario: 'nope' }, /posthog has no scenario "nope"/],
    [{ vendor: 'fullstory-users-batch', route: '/nope', scenario: 'happy' }, /no create route "\/nope"/],
  ])('%j is refused', (rule, message) => {
    expect(() => createMockState({ registry, scenarios: [rule] })).toThrow(message);
  });
});

describe('creations through a vendor route', () => {
  const make = (scenarios: { vendor: string; scenario: string; times?: number }[] = []) =>
    mockApp({ registry, seed: 3, clock: createManualClock(T0), scenarios });

  async function create(mock: ReturnType<typeof make>, query = '', headers: Record<string, string> = {}) {
    const res = await mock.app.request(`/v2/users/batch${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ requests: [{ uid: 'u-1' }] }),
    });
    const body = (await res.json()) as { job?: { id: string } };
    const id = body.job?.id;
    return {
      status: res.status,
      scenario: id ? mock.store.get(BATCH.vendor, id)?.scenario : undefined,
      body,
    };
  }

  it('a starting rule is the vendor default; the header and ?scenario= still override it', async () => {
    const mock = make([{ vendor: BATCH.vendor, scenario: 'failure' }]);
    expect((await create(mock)).scenario).toBe('failure');
    expect((await create(mock, '', { 'x-jobkit-scenario': 'slow' })).scenario).toBe('slow');
    expect((await create(mock, '?scenario=stuck')).scenario).toBe('stuck');
  });

  it('?scenario= picks the scenario, and an unknown one is refused naming the parameter', async () => {
    const mock = make();
    expect((await create(mock)).scenario).toBe(mock.vendorOf(BATCH.vendor).defaultScenario);
    expect((await create(mock, '?scenario=failure')).scenario).toBe('failure');
    const refused = await create(mock, '?scenario=nope');
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('(?scenario=)');
  });

  it('"the next two fail" through the admin API, then back to the default', async () => {
    const mock = make();
    const res = await mock.app.request('/__jobkit/scenarios', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        vendor: BATCH.vendor,
        route: 'POST /v2/users/batch',
        scenario: 'failure',
        times: 2,
      }),
    });
    expect(res.status).toBe(201);
    const rule = (await res.json()) as { id: string; left: number };
    expect(rule.left).toBe(2);
    const got = [];
    for (let i = 0; i < 3; i++) got.push((await create(mock)).scenario);
    const fallback = mock.vendorOf(BATCH.vendor).defaultScenario;
    expect(got).toEqual(['failure', 'failure', fallback]);
    const listed = await (await mock.app.request('/__jobkit/scenarios')).json();
    expect(listed).toEqual({ rules: [] });
  });

  it('a creation the header picks does not spend a rule', async () => {
    const mock = make();
    mock.scenarios.add({ vendor: BATCH.vendor, scenario: 'failure', times: 1 });
    await create(mock, '', { 'x-jobkit-scenario': 'slow' });
    expect(mock.scenarios.list()[0]?.left).toBe(1);
    expect((await create(mock)).scenario).toBe('failure');
  });

  it('a reset brings back the starting rules and drops the added ones', async () => {
    const mock = make([{ vendor: BATCH.vendor, scenario: 'slow' }]);
    mock.scenarios.add({ vendor: BATCH.vendor, scenario: 'failure' });
    mock.reset();
    expect(mock.scenarios.list().map((r) => r.scenario)).toEqual(['slow']);
  });
});

describe('the admin API for scenario rules', () => {
  const mock = mockApp({ registry, clock: createManualClock(T0) });
  const post = (body: unknown) =>
    mock.app.request('/__jobkit/scenarios', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it.each([
    [{ vendor: 'nope', scenario: 'happy' }, 'unknown_vendor', '/vendor'],
    [{ vendor: 'posthog', scenario: 'nope' }, 'unknown_scenario', '/scenario'],
    [{ vendor: 'posthog' }, 'invalid_body', '/scenario'],
    [{ scenario: 'happy' }, 'invalid_body', '/vendor'],
    [{ vendor: BATCH.vendor, scenario: 'happy', route: '/nope' }, 'invalid_body', '/route'],
    [{ vendor: 'posthog', scenario: 'happy', times: 0 }, 'invalid_body', '/times'],
    [{ vendor: 'posthog', scenario: 'happy', when: 'now' }, 'invalid_body', '/when'],
  ])('%j is refused as %s, its issue at %s', async (body, code, pointer) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: { code: string }; issues: { pointer: string }[] };
    expect(answer.error.code).toBe(code);
    expect(answer.issues.map((i) => i.pointer)).toContain(pointer);
  });

  it('lists, removes one and removes all', async () => {
    await mock.app.request('/__jobkit/scenarios', { method: 'DELETE' });
    const names = registry.names().filter((n) => mock.vendors.has(n));
    for (const vendor of names) {
      const scenario = mock.vendorOf(vendor).scenarioList[0] as string;
      expect((await post({ vendor, scenario })).status).toBe(201);
    }
    const listed = (await (await mock.app.request('/__jobkit/scenarios')).json()) as {
      rules: { id: string }[];
    };
    expect(listed.rules).toHaveLength(names.length);
    const first = listed.rules[0]?.id as string;
    expect((await mock.app.request(`/__jobkit/scenarios/${first}`, { method: 'DELETE' })).status).toBe(204);
    expect((await mock.app.request(`/__jobkit/scenarios/${first}`, { method: 'DELETE' })).status).toBe(404);
    expect((await mock.app.request('/__jobkit/scenarios', { method: 'DELETE' })).status).toBe(204);
    expect(mock.scenarios.size).toBe(0);
  });
});
