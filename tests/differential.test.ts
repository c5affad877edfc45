import { describe, expect, it } from 'vitest';
import { realisticIncidents, seeded } from '../bench/incidents.js';
import { incidentSpace } from '../src/analysis/space.js';
import { evaluateToJson, evaluateWithEngine } from '../src/decision/evaluate.js';
import { applies, candidateRules, knownBits, possibleBits } from '../src/engine/apply.js';
import { eachLiteral } from '../src/engine/ir.js';
import { compiledOf, referenceOf } from '../src/engine/policy.js';
import type { Incident } from '../src/incident/schema.js';
import { bundledVocabulary, evaluate, listBundledPolicies, loadBundledPolicy, loadPolicy, parseIncident, type VocabularyTerms } from '../src/index.js';

// evaluate() applies the policy's compiled form; evaluateWithEngine() asks json-rules-engine (rules
// generated from the same compiled form) for every answer and remembers nothing.
// These tests hold the two to the same decision, byte for byte.

const today = '2026-11-26';

// `npm test` compares a sample (a minute's work on two cores would be too long for every run);
// a long run (FUZZ_RUNS set, as .ci/run does) compares all of it: 10,000 random incidents and
// every incident of the space.
const LONG = Boolean(process.env.FUZZ_RUNS);
const RANDOM_INCIDENTS = LONG ? 10_000 : 300;
const SPACE_SAMPLE = LONG ? Infinity : 400;
const CANDIDATE_INCIDENTS = LONG ? 1_000 : 200;
const COMBINATIONS_PER_RULE = LONG ? 4_096 : 256;
const json = (value: unknown) => JSON.stringify(value);

/** A decision without what is not the rules' doing (the incident's id and the warnings). */
const body = (decision: object) => json({ ...decision, incident: undefined, warnings: undefined });

describe.each(listBundledPolicies())('evaluate() and json-rules-engine under %s', (id) => {
  it(`give the same decision on ${RANDOM_INCIDENTS.toLocaleString('en-GB')} seeded random incidents`, { timeout: 300_000 }, async () => {
    const policy = await loadBundledPolicy(id);
    const incidents = realisticIncidents(bundledVocabulary(), RANDOM_INCIDENTS, 20261126);
    let withQuestions = 0;
    for (const incident of incidents) {
      const fast = json(await evaluate<VocabularyTerms>(policy, incident, { today }));
      expect(fast).toBe(json(await evaluateWithEngine(policy, incident, { today })));
      expect(await evaluateToJson(policy, incident, { today })).toBe(fast);
      if (fast.includes('"ask"')) withQuestions++;
    }
    // The comparison means something only if decisions ask questions and vary.
    expect(withQuestions).toBeGreaterThan(RANDOM_INCIDENTS / 10);
  });

  it(`give the same decision on ${LONG ? 'every incident' : 'an even sample'} of the incident space, with a warm cache and a cold one`, { timeout: 300_000 }, async () => {
    const policy = await loadBundledPolicy(id);
    const fresh = await loadPolicy(policy.dir); // nothing remembered yet
    const space = incidentSpace([policy]);
    // The space is what the behavioural diff walks; it must stay small enough to walk whole.
    expect(space.size).toBeLessThanOrEqual(50_000);
    const stride = Math.ceil(space.size / Math.min(space.size, SPACE_SAMPLE));
    let n = 0;
    let i = 0;
    for (const incident of space.incidents()) {
      if (i++ % stride !== 0) continue;
      const reference = json(await evaluateWithEngine(policy, incident, { today }));
      expect(json(await evaluate<VocabularyTerms>(policy, incident, { today }))).toBe(reference);
      expect(json(await evaluate<VocabularyTerms>(fresh, structuredClone(incident), { today }))).toBe(reference);
      n++;
    }
    expect(i).toBe(space.size);
    expect(n).toBe(Math.ceil(space.size / stride));
  });

  it('leave out of the candidates only rules that can neither apply nor be asked about', { timeout: 300_000 }, async () => {
    const policy = await loadBundledPolicy(id);
    const ir = compiledOf(policy);
    const reference = referenceOf(policy);
    let left = 0;
    for (const input of realisticIncidents(bundledVocabulary(), CANDIDATE_INCIDENTS, 5)) {
      const incident = parseIncident(input, policy.vocabulary);
      const known = knownBits(ir, incident);
      const possible = possibleBits(ir, known);
      const candidates = new Set(candidateRules(ir, known));
      const others = ir.rules.filter((r) => !candidates.has(r.rank));
      left += others.length;
      // json-rules-engine applies none of them, and no assumption about the unknown facts could.
      expect([...(await reference.fire(incident, {}, others.map((r) => r.id)))]).toEqual([]);
      for (const rule of others) expect(rule.when.holds(possible), rule.id).toBe(false);
    }
    expect(left).toBeGreaterThan(CANDIDATE_INCIDENTS);
  });

  it(`apply each rule exactly when json-rules-engine does, on every combination of what the rule reads (seeded sample past ${COMBINATIONS_PER_RULE.toLocaleString('en-GB')})`, { timeout: 300_000 }, async () => {
    const policy = await loadBundledPolicy(id);
    const ir = compiledOf(policy);
    const reference = referenceOf(policy);
    const next = seeded(7);
    for (const rule of ir.rules) {
      // Every atom the rule (and whatever decides its exceptions) reads: present or absent; true, false or unknown.
      const atoms = new Set<number>();
      const collect = (r: typeof rule) => {
        for (const node of [r.when, ...(r.unless ? [r.unless] : [])]) eachLiteral(node, (l) => atoms.add(l >>> 1));
        for (const o of r.overriddenBy) collect(ir.rules[o]!);
      };
      collect(rule);
      const digits = [...atoms].map((n) => ({ atom: ir.atoms[n]!, radix: ir.atoms[n]!.kind === 'fact' ? 3 : 2 }));
      const total = digits.reduce((n, d) => n * d.radix, 1);
      const count = Math.min(total, COMBINATIONS_PER_RULE);
      for (let k = 0; k < count; k++) {
        let code = total <= COMBINATIONS_PER_RULE ? k : Math.floor(next() * total);
        const incident: Incident = { people: [], activities: [], technologies: [], facts: {} };
        for (const { atom, radix } of digits) {
          const digit = code % radix;
          code = Math.floor(code / radix);
          if (radix === 3) {
            if (digit > 0) incident.facts[atom.term] = digit === 1;
          } else if (digit === 1) {
            if (atom.kind === 'activity') incident.activities.push(atom.term);
            else if (atom.kind === 'technology') incident.technologies.push(atom.term);
            else incident.people.push({ role: atom.term, involvement: atom.involvement === 'any' ? 'witness' : atom.involvement! });
          }
        }
        const engine = await reference.fire(incident, {}, [rule.id]);
        expect(applies(ir, rule, knownBits(ir, incident)), `${rule.id} on ${json(incident)}`).toBe(engine.has(rule.id));
      }
    }
  });
});
