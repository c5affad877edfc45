import { describe, expect, it } from 'vitest';
import { realisticIncidents, seeded } from '../bench/incidents.js';
import { incidentSpace } from '../src/analysis/space.js';
import { evaluateToJson, evaluateWithEngine } from '../src/decision/evaluate.js';
import { candidateRules, engineFacts } from '../src/engine/compiled.js';
import { NO } from '../src/engine/predicate.js';
import { project } from '../src/engine/projection.js';
import type { EngineFacts } from '../src/engine/runner.js';
import { bundledVocabulary, evaluate, listBundledPolicies, loadBundledPolicy, loadPolicy, parseIncident, type IncidentInput, type Policy } from '../src/index.js';

// evaluate() reads the json-rules-engine rules through compiled predicates and remembers what it
// worked out; evaluateWithEngine() asks json-rules-engine every time and remembers nothing.
// These tests hold the two to the same decision, byte for byte.

const today = '2026-11-26';
const json = (value: unknown) => JSON.stringify(value);

/** A decision without what is not the rules' doing (the incident's id and the warnings). */
const body = (decision: object) => json({ ...decision, incident: undefined, warnings: undefined });

describe.each(listBundledPolicies())('evaluate() and json-rules-engine under %s', (id) => {
  it('give the same decision on 10,000 seeded random incidents', { timeout: 300_000 }, async () => {
    const policy = await loadBundledPolicy(id);
    const incidents = realisticIncidents(bundledVocabulary(), 10_000, 20261126);
    let withQuestions = 0;
    for (const incident of incidents) {
      const fast = json(await evaluate(policy, incident, { today }));
      expect(fast).toBe(json(await evaluateWithEngine(policy, incident, { today })));
      expect(await evaluateToJson(policy, incident, { today })).toBe(fast);
      if (fast.includes('"ask"')) withQuestions++;
    }
    // The comparison means something only if decisions ask questions and vary.
    expect(withQuestions).toBeGreaterThan(1_000);
  });

  it('give the same decision on every incident of the incident space, with a warm cache and a cold one', { timeout: 300_000 }, async () => {
    const policy = await loadBundledPolicy(id);
    const fresh = await loadPolicy(policy.dir); // nothing remembered yet
    const space = incidentSpace([policy]);
    // The space is what the behavioural diff walks; it must stay small enough to walk whole.
    expect(space.size).toBeLessThanOrEqual(50_000);
    let n = 0;
    for (const incident of space.incidents()) {
      const reference = json(await evaluateWithEngine(policy, incident, { today }));
      expect(json(await evaluate(policy, incident, { today }))).toBe(reference);
      expect(json(await evaluate(fresh, structuredClone(incident), { today }))).toBe(reference);
      n++;
    }
    expect(n).toBe(space.size);
  });

  it('leave out of the candidates only rules that can neither fire nor be asked about', { timeout: 300_000 }, async () => {
    const policy = await loadBundledPolicy(id);
    let left = 0;
    for (const incident of realisticIncidents(bundledVocabulary(), 1_000, 5)) {
      const facts = engineFacts(parseIncident(incident, policy.vocabulary), policy.vocabulary);
      const candidates = new Set(candidateRules(policy.compiled, facts));
      const others = policy.compiled.ruleIds.filter((r) => !candidates.has(r));
      left += others.length;
      // json-rules-engine fires none of them, and no assumption about the unknown facts could.
      expect([...(await policy.compiled.runner.run(others, facts))]).toEqual([]);
      for (const rule of others) expect(policy.compiled.possibilities.get(rule)!(facts), rule).toBe(NO);
    }
    expect(left).toBeGreaterThan(1_000);
  });

  it('fire each rule exactly when json-rules-engine does, on every combination of what the rule reads (seeded sample past 4,096)', { timeout: 300_000 }, async () => {
    const policy = await loadBundledPolicy(id);
    const next = seeded(7);
    for (const rule of policy.rules) {
      const reads = [...policy.compiled.reads.get(rule.id)!].map(([fact, values]) => ({ fact, values: [...values] }));
      // One digit per compared value: present or absent in a list; true, false or unknown for a fact.
      const digits = reads.flatMap((r) => (r.fact.startsWith('fact.') ? [{ r, radix: 3, value: null }] : r.values.map((value) => ({ r, radix: 2, value }))));
      const total = digits.reduce((n, d) => n * d.radix, 1);
      const count = Math.min(total, 4_096);
      for (let k = 0; k < count; k++) {
        let code = total <= 4_096 ? k : Math.floor(next() * total);
        const facts = blankFacts(policy);
        for (const d of digits) {
          const digit = code % d.radix;
          code = Math.floor(code / d.radix);
          if (d.radix === 3) facts[d.r.fact] = [null, true, false][digit];
          else if (digit === 1) (facts[d.r.fact] as unknown[]).push(d.value);
        }
        const engine = await policy.compiled.runner.run([rule.id], facts);
        expect(policy.compiled.predicates.get(rule.id)!(facts), `${rule.id} on ${json(facts)}`).toBe(engine.has(rule.id));
      }
    }
  });

  it('give incidents with the same projection the same decision from json-rules-engine', { timeout: 300_000 }, async () => {
    const policy = await loadBundledPolicy(id);
    const vocabulary = bundledVocabulary();
    const next = seeded(99);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
    const keyOf = (incident: IncidentInput) => {
      const parsed = parseIncident(incident, policy.vocabulary);
      return project(policy.compiled, engineFacts(parsed, policy.vocabulary)).key;
    };
    // Each incident against variants one change away (a fact, a person, a technology, the order
    // of people): wherever the projection says "same", json-rules-engine must say so too.
    let twins = 0;
    let different = 0;
    for (const incident of realisticIncidents(vocabulary, 1_000, 99)) {
      const decided = body(await evaluateWithEngine(policy, incident, { today }));
      for (let v = 0; v < 3; v++) {
        const variant = structuredClone(incident);
        const change = Math.floor(next() * 4);
        if (change === 0) variant.facts = { ...variant.facts, [pick(Object.keys(vocabulary.facts))]: pick([true, false, null]) };
        if (change === 1) variant.people = [...(variant.people ?? []), { role: pick(Object.keys(vocabulary.roles)), involvement: pick(Object.keys(vocabulary.involvement)) }];
        if (change === 2) variant.technologies = [...new Set([...(variant.technologies ?? []), pick(Object.keys(vocabulary.technologies))])];
        if (change === 3) variant.people = [...(variant.people ?? [])].reverse();
        if (keyOf(variant) !== keyOf(incident)) {
          different++;
          continue;
        }
        twins++;
        expect(body(await evaluateWithEngine(policy, variant, { today }))).toBe(decided);
      }
    }
    // Both kinds of variant occur, or the test shows nothing.
    expect(twins).toBeGreaterThan(300);
    expect(different).toBeGreaterThan(300);
  });
});

/** Engine facts with every list empty and every fact unknown. */
function blankFacts(policy: Policy): EngineFacts {
  const facts = engineFacts({ people: [], activities: [], technologies: [], facts: {} }, policy.vocabulary);
  for (const [name, value] of Object.entries(facts)) if (Array.isArray(value)) facts[name] = [];
  return facts;
}
