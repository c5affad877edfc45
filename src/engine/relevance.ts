import { eachLiteral, type CompiledPolicy } from './ir.js';

/**
 * Which activities each fact is read with, in the policy's own rules: a fact is about an
 * activity when some rule reads both (the fact anywhere in its condition or its exception, the
 * activity as present). Decided from the rules, not from a list: a question whose facts no rule
 * reads with any of the incident's activities is not about this incident (issue 11).
 */
export function activitiesByFact(ir: CompiledPolicy): ReadonlyMap<string, ReadonlySet<string>> {
  let found = cache.get(ir);
  if (found !== undefined) return found;
  const map = new Map<string, Set<string>>();
  for (const rule of ir.rules) {
    const facts = new Set<string>();
    const activities = new Set<string>();
    for (const node of [rule.when, ...(rule.unless ? [rule.unless] : [])]) {
      eachLiteral(node, (literal) => {
        const atom = ir.atoms[literal >>> 1]!;
        if (atom.kind === 'fact') facts.add(atom.term);
        // A literal is 2 × atom + 1 when negated: only an activity that must be present counts.
        else if (atom.kind === 'activity' && (literal & 1) === 0 && node === rule.when) activities.add(atom.term);
      });
    }
    for (const fact of facts) {
      const set = map.get(fact) ?? new Set<string>();
      for (const a of activities) set.add(a);
      map.set(fact, set);
    }
  }
  cache.set(ir, (found = map));
  return found;
}

const cache = new WeakMap<CompiledPolicy, ReadonlyMap<string, ReadonlySet<string>>>();
