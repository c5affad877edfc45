import type { Incident } from '../incident/schema.js';
import type { LoadedRule } from '../policy/read.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import { compileRule, factFact, factsRead, requiredActivities, roleFact } from './compile.js';
import { RuleRunner, type EngineFacts } from './runner.js';

/** A policy's rules compiled for json-rules-engine, indexed by the activities they need. */
export interface CompiledRules {
  runner: RuleRunner;
  /** Rule ids that can fire only when one of these activities is present. */
  byActivity: Map<string, string[]>;
  /** Rule ids that can fire whatever the activities (checked for every incident). */
  unindexed: string[];
  /** For each rule, the vocabulary facts its condition reads, sorted. */
  factsRead: Map<string, string[]>;
  vocabulary: Vocabulary;
}

export function compileRules(rules: LoadedRule[], vocabulary: Vocabulary): CompiledRules {
  const byActivity = new Map<string, string[]>();
  const unindexed: string[] = [];
  const reads = new Map<string, string[]>();
  for (const rule of rules) {
    reads.set(rule.id, [...factsRead(rule.when)].sort());
    const required = requiredActivities(rule.when);
    if (!required) {
      unindexed.push(rule.id);
      continue;
    }
    for (const activity of required) {
      const list = byActivity.get(activity) ?? [];
      list.push(rule.id);
      byActivity.set(activity, list);
    }
  }
  return {
    runner: new RuleRunner(rules.map((r) => compileRule(r.id, r.when))),
    byActivity,
    unindexed,
    factsRead: reads,
    vocabulary,
  };
}

/** The rules that could fire for an incident's activities, as sorted ids. */
export function candidateRules(compiled: CompiledRules, incident: Incident): string[] {
  const ids = new Set(compiled.unindexed);
  for (const activity of incident.activities) for (const id of compiled.byActivity.get(activity) ?? []) ids.add(id);
  return [...ids].sort();
}

/** The engine's view of an incident: every fact the rules may read, unknown facts as null. */
export function engineFacts(incident: Incident, vocabulary: Vocabulary, assume: Record<string, boolean> = {}): EngineFacts {
  const facts: EngineFacts = {
    activities: incident.activities,
    technologies: incident.technologies,
    [roleFact('any')]: incident.people.map((p) => p.role),
  };
  for (const involvement of ['subject', 'affected', 'reporter', 'witness']) {
    facts[roleFact(involvement)] = incident.people.filter((p) => p.involvement === involvement).map((p) => p.role);
  }
  for (const name of Object.keys(vocabulary.facts)) {
    facts[factFact(name)] = assume[name] ?? incident.facts[name] ?? null;
  }
  return facts;
}

/** Runs the candidate rules for an incident; resolves to the ids of the rules that fired. */
export function fire(compiled: CompiledRules, incident: Incident, ruleIds: string[], assume?: Record<string, boolean>): Promise<Set<string>> {
  return compiled.runner.run(ruleIds, engineFacts(incident, compiled.vocabulary, assume));
}

/** A hypothesis about unknown facts, and the rules that would then fire. */
export interface Hypothesis {
  facts: Record<string, boolean>;
  rules: string[];
}

/**
 * For rules that did not fire and read unknown facts: the smallest assignments of those unknown
 * facts (one fact, then two, then three) under which json-rules-engine would fire them.
 */
export async function hypotheses(
  compiled: CompiledRules,
  incident: Incident,
  candidates: string[],
  fired: Set<string>,
): Promise<Hypothesis[]> {
  const open = new Map<string, string[]>();
  for (const id of candidates) {
    if (fired.has(id)) continue;
    const unknown = (compiled.factsRead.get(id) ?? []).filter((f) => !(f in incident.facts));
    if (unknown.length > 0) open.set(id, unknown);
  }
  const found = new Map<string, Hypothesis>();
  const record = (facts: Record<string, boolean>, rule: string) => {
    const key = JSON.stringify(facts);
    const h = found.get(key) ?? { facts, rules: [] };
    h.rules.push(rule);
    found.set(key, h);
  };
  for (let size = 1; size <= 3 && open.size > 0; size++) {
    // Group the open rules by each assignment of `size` of their unknown facts, so one engine
    // run answers every rule that the same assignment could fire.
    const trials = new Map<string, { facts: Record<string, boolean>; rules: string[] }>();
    for (const [rule, unknown] of open) {
      for (const subset of subsetsOfSize(unknown, size)) {
        for (const facts of assignments(subset)) {
          const key = JSON.stringify(facts);
          const trial = trials.get(key) ?? { facts, rules: [] };
          trial.rules.push(rule);
          trials.set(key, trial);
        }
      }
    }
    const settled = new Set<string>();
    for (const key of [...trials.keys()].sort()) {
      const trial = trials.get(key)!;
      const now = await fire(compiled, incident, trial.rules.sort(), trial.facts);
      for (const rule of trial.rules) {
        if (now.has(rule)) {
          record(trial.facts, rule);
          settled.add(rule);
        }
      }
    }
    for (const rule of settled) open.delete(rule);
  }
  return [...found.values()];
}

function* subsetsOfSize<T>(items: T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) {
    for (const rest of subsetsOfSize(items, size - 1, i + 1)) yield [items[i]!, ...rest];
  }
}

function* assignments(names: string[]): Generator<Record<string, boolean>> {
  const count = 1 << names.length;
  for (let bits = count - 1; bits >= 0; bits--) {
    const facts: Record<string, boolean> = {};
    names.forEach((name, i) => (facts[name] = Boolean(bits & (1 << (names.length - 1 - i)))));
    yield facts;
  }
}
