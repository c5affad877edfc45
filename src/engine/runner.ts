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
      const { events } = await engine.run(facts);
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
