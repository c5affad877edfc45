import { describe, expect, it } from 'vitest';
import { bundledVocabulary, evaluate, listBundledPolicies, loadBundledPolicy, type IncidentInput, type VocabularyTerms } from '../src/index.js';

/** A small seeded generator (mulberry32), so every run sees the same incidents. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function incidents(count: number, seed: number): IncidentInput<VocabularyTerms>[] {
  const v = bundledVocabulary();
  const next = random(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
  const activities = Object.keys(v.activities);
  const roles = Object.keys(v.roles);
  const involvement = Object.keys(v.involvement);
  const facts = Object.keys(v.facts);
  return Array.from({ length: count }, (_, i) => ({
    id: `INC-${i}`,
    people: [{ role: pick(roles), involvement: 'subject' }, ...Array.from({ length: Math.floor(next() * 3) }, () => ({ role: pick(roles), involvement: pick(involvement) }))],
    activities: [...new Set(Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(activities)))],
    facts: Object.fromEntries(facts.filter(() => next() < 0.5).map((f) => [f, next() < 0.5])),
  }));
}

const today = '2026-11-26';

describe.each(listBundledPolicies())('decisions under %s', (id) => {
  it('are byte-identical for the same incident, evaluated again', async () => {
    const policy = await loadBundledPolicy(id);
    for (const incident of incidents(200, 7)) {
      const first = JSON.stringify(await evaluate<VocabularyTerms>(policy, incident, { today }));
      const again = JSON.stringify(await evaluate<VocabularyTerms>(policy, structuredClone(incident), { today }));
      expect(again).toBe(first);
    }
  });

  it('do not depend on the order of activities, people or facts in the incident', async () => {
    const policy = await loadBundledPolicy(id);
    for (const incident of incidents(200, 11)) {
      const reordered = {
        ...incident,
        people: [...incident.people!].reverse(),
        activities: [...incident.activities].reverse(),
        facts: Object.fromEntries(Object.entries(incident.facts ?? {}).reverse()),
      };
      expect(JSON.stringify(await evaluate<VocabularyTerms>(policy, reordered, { today }))).toBe(JSON.stringify(await evaluate<VocabularyTerms>(policy, incident, { today })));
    }
  });

  it('are the same for 1,000 concurrent evaluations as for 1,000 sequential ones', async () => {
    const policy = await loadBundledPolicy(id);
    const list = incidents(1000, 3);
    const sequential: string[] = [];
    for (const incident of list) sequential.push(JSON.stringify(await evaluate<VocabularyTerms>(policy, incident, { today })));
    const concurrent = await Promise.all(list.map(async (incident) => JSON.stringify(await evaluate<VocabularyTerms>(policy, incident, { today }))));
    expect(concurrent).toEqual(sequential);
    // The comparison means something only if the incidents produce varied decisions.
    expect(new Set(sequential.map((d) => d.replace(/"incident":\{[^}]*\}/, ''))).size).toBeGreaterThan(10);
  });
});
