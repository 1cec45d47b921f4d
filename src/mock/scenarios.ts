/**
 * Scenario rules: which scenario the jobs a client creates get, set without touching the client
 * (a flag, the config file, the admin API). A rule names a vendor, optionally one of its create
 * routes ("METHOD path" or the path as declared), the scenario, and optionally how many creations
 * it applies to before it is gone ("the next two exports fail").
 */
export interface ScenarioRule {
  vendor: string;
  route?: string;
  scenario: string;
  times?: number;
}

/** A rule as listed: its id, and what it has left when it was given `times`. */
export type ListedScenarioRule = ScenarioRule & { id: string; left?: number };

/** The creation a rule is matched against. */
export interface ScenarioRequest {
  vendor: string;
  method: string;
  path: string;
}

function matches(rule: ScenarioRule, r: ScenarioRequest): boolean {
  if (rule.vendor !== r.vendor) return false;
  return rule.route === undefined || rule.route === r.path || rule.route === `${r.method} ${r.path}`;
}

/**
 * The rules of one mock state. The newest matching rule wins, so "the next two fail" added over a
 * standing default applies first and the default is back once its budget is spent. A reset brings
 * back the rules the mock started with.
 */
export class ScenarioRules {
  private rules: ListedScenarioRule[] = [];
  private seq = 0;

  constructor(private readonly initial: readonly ScenarioRule[] = []) {
    this.reset();
  }

  get size(): number {
    return this.rules.length;
  }

  list(): ListedScenarioRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  add(rule: ScenarioRule): ListedScenarioRule {
    const added: ListedScenarioRule = {
      id: `scenario-${++this.seq}`,
      vendor: rule.vendor,
      ...(rule.route === undefined ? {} : { route: rule.route }),
      scenario: rule.scenario,
      ...(rule.times === undefined ? {} : { times: rule.times, left: rule.times }),
    };
    this.rules.push(added);
    return { ...added };
  }

  remove(id: string): boolean {
    const i = this.rules.findIndex((r) => r.id === id);
    if (i === -1) return false;
    this.rules.splice(i, 1);
    return true;
  }

  /** Drops every rule, the starting ones too. */
  clear(): void {
    this.rules = [];
  }

  /** Back to the rules the mock started with (budgets full again). */
  reset(): void {
    this.rules = [];
    for (const rule of this.initial) this.add(rule);
  }

  /** The scenario the newest matching rule gives, without spending its budget (faults ask this). */
  peek(request: ScenarioRequest): string | undefined {
    return this.find(request)?.scenario;
  }

  /** The scenario for a creation that is going ahead: a rule with a budget spends one. */
  take(request: ScenarioRequest): string | undefined {
    const rule = this.find(request);
    if (!rule) return undefined;
    if (rule.left !== undefined && --rule.left <= 0) this.remove(rule.id);
    return rule.scenario;
  }

  private find(request: ScenarioRequest): ListedScenarioRule | undefined {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i] as ListedScenarioRule;
      if (matches(rule, request)) return rule;
    }
    return undefined;
  }
}

/** Parses `vendor=scenario` (the `--scenario` flag); undefined when it is not of that shape. */
export function parseScenarioFlag(text: string): ScenarioRule | undefined {
  const m = /^([^=\s]+)=([^=\s]+)$/.exec(text.trim());
  return m ? { vendor: m[1] as string, scenario: m[2] as string } : undefined;
}
