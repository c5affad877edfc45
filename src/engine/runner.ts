import { Engine, type RuleProperties } from 'json-rules-engine';

/** Engine facts: arrays for activities/technologies/roles, true/false/null for vocabulary facts. */
export type EngineFacts = Record<string, unknown>;

// No JSONPath: conditions never use `path`, and this resolver keeps jsonpath-plus off the hot path.
const MAX_POOLED_SUBSETS = 512;

const pathResolver = (value: unknown) => value;

/**
 * Runs compiled rules with json-rules-engine. An Engine's run state is shared, so one Engine is
 * never used by two runs at once: each rule subset has a pool of idle engines, and a run takes
 * one out (or builds one) and gives it back when it is done.
 */
export class RuleRunner {
  private readonly rules: Map<string, RuleProperties>;
  private readonly idle = new Map<string, Engine[]>();
  /** Per rule subset, the engine facts its conditions name. */
  private readonly named = new Map<string, string[]>();

  constructor(rules: RuleProperties[]) {
    this.rules = new Map(rules.map((r) => [String(r.name), r]));
  }

  /** Runs the named rules (sorted ids) on the facts; resolves to the ids of the rules that fired. */
  async run(ruleIds: readonly string[], facts: EngineFacts): Promise<Set<string>> {
    const fired = new Set<string>();
    if (ruleIds.length === 0) return fired;
    const key = ruleIds.join('\n');
    const engine = this.idle.get(key)?.pop() ?? this.build(ruleIds);
    try {
      // The engine is given only the facts its rules name: it never looks at the others, and
      // registering every fact costs more than the rules themselves (about 5× for one rule).
      // A named fact that is missing stays missing, so it still fails the run as before.
      const given: EngineFacts = {};
      for (const name of this.factsNamed(key, ruleIds)) if (name in facts) given[name] = facts[name];
      const { events } = await engine.run(given);
      for (const event of events) fired.add(String(event.params?.rule));
    } finally {
      let pool = this.idle.get(key);
      if (!pool) {
        // Bounded: forget the oldest subset's engines rather than grow without limit.
        if (this.idle.size >= MAX_POOLED_SUBSETS) this.idle.delete(this.idle.keys().next().value!);
        this.idle.set(key, (pool = []));
      }
      if (pool.length < 8) pool.push(engine);
    }
    return fired;
  }

  private factsNamed(key: string, ruleIds: readonly string[]): string[] {
    let names = this.named.get(key);
    if (!names) {
      const all = new Set<string>();
      for (const id of ruleIds) namedFacts(this.rules.get(id)?.conditions, all);
      if (this.named.size >= MAX_POOLED_SUBSETS) this.named.delete(this.named.keys().next().value!);
      this.named.set(key, (names = [...all]));
    }
    return names;
  }

  private build(ruleIds: readonly string[]): Engine {
    const engine = new Engine([], { allowUndefinedFacts: false, pathResolver });
    for (const id of ruleIds) {
      const rule = this.rules.get(id);
      if (!rule) throw new Error(`internal: no compiled rule "${id}"`);
      engine.addRule(rule);
    }
    return engine;
  }
}

function namedFacts(condition: unknown, into: Set<string>): void {
  const c = condition as { all?: unknown[]; any?: unknown[]; not?: unknown; fact?: unknown } | undefined;
  if (!c) return;
  if (typeof c.fact === 'string') into.add(c.fact);
  for (const child of [...(c.all ?? []), ...(c.any ?? []), ...(c.not ? [c.not] : [])]) namedFacts(child, into);
}
