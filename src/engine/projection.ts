import { BoundedCache } from './bounded-cache.js';
import { candidateRules, presentMembers, type CompiledRules } from './compiled.js';
import type { EngineFacts } from './runner.js';

/**
 * An incident as the policy's rules see it. Rule conditions only compare engine facts with
 * fixed values (`equal` on a fact, `contains` / `doesNotContain` on a list), so two incidents
 * with the same candidate rules (the same indexed list members present) that agree on every
 * value those rules compare get the same fired rules and the same questions: `key` writes
 * exactly that down, canonically (the order of people, activities and facts does not matter).
 */
export interface Projection {
  key: string;
  /** The rules that could fire for the incident's activities, sorted. */
  candidates: string[];
}

/** What the candidate rules for one set of indexed members read: engine fact → compared values. */
interface ReadingPlan {
  candidates: string[];
  reads: [fact: string, values: unknown[]][];
}

const PLANS_PER_POLICY = 4_096;
const plans = new WeakMap<CompiledRules, BoundedCache<string, ReadingPlan>>();

/** The projection of an incident, given its engine facts (see `engineFacts`). */
export function project(compiled: CompiledRules, facts: EngineFacts): Projection {
  const members = presentMembers(compiled, facts).join(',');
  let cache = plans.get(compiled);
  if (!cache) plans.set(compiled, (cache = new BoundedCache(PLANS_PER_POLICY)));
  let plan = cache.get(members);
  if (!plan) cache.set(members, (plan = readingPlan(compiled, facts)));
  // The members fix the plan, so each read can be written in a fixed width: one digit per
  // compared list value (present or not), one letter per true / false / unknown fact.
  let key = `${members}|`;
  for (const [fact, values] of plan.reads) {
    const value = facts[fact];
    if (Array.isArray(value)) {
      for (const v of values) key += value.indexOf(v) > -1 ? '1' : '0';
    } else if (value === true || value === false || value === null) {
      key += value === true ? 't' : value === false ? 'f' : 'n';
    } else {
      throw new Error(`internal: engine fact "${fact}" is neither a list nor true, false or null`);
    }
  }
  return { key, candidates: plan.candidates };
}

function readingPlan(compiled: CompiledRules, facts: EngineFacts): ReadingPlan {
  const candidates = candidateRules(compiled, facts);
  const union = new Map<string, Set<unknown>>();
  for (const id of candidates) {
    for (const [fact, values] of compiled.reads.get(id)!) {
      const all = union.get(fact) ?? new Set<unknown>();
      for (const v of values) all.add(v);
      union.set(fact, all);
    }
  }
  // The order is fixed by the (sorted) candidates, so one set of members always has one plan.
  return { candidates, reads: [...union.keys()].sort().map((fact) => [fact, [...union.get(fact)!]]) };
}
