import type { IncidentInput, Vocabulary, VocabularyTerms } from '../src/index.js';

/** A small seeded generator (mulberry32): the same seed gives the same numbers everywhere. */
export function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Incidents as a school records them: one to three activities (mostly one), usually a subject,
 * sometimes someone affected, a reporter or a witness, a technology or two, and some of the
 * facts known (true or false), the rest unknown (absent, now and then written as null).
 * Deterministic for a seed and a vocabulary.
 */
export function realisticIncidents(vocabulary: Vocabulary, count: number, seed: number): IncidentInput<VocabularyTerms>[] {
  const next = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const activities = Object.keys(vocabulary.activities);
  const technologies = Object.keys(vocabulary.technologies);
  const roles = Object.keys(vocabulary.roles);
  const others = Object.keys(vocabulary.involvement).filter((i) => i !== 'subject');
  const facts = Object.keys(vocabulary.facts);
  // Pupils and staff are most incidents' subjects; the other roles turn up now and then.
  const subjectRoles = [...Array<string>(5).fill('pupil'), ...Array<string>(3).fill('staff'), ...roles];
  const out: IncidentInput<VocabularyTerms>[] = [];
  for (let n = 0; n < count; n++) {
    const activityCount = next() < 0.6 ? 1 : next() < 0.75 ? 2 : 3;
    const people: NonNullable<IncidentInput<VocabularyTerms>['people']> = [];
    if (next() < 0.92) people.push({ role: pick(subjectRoles), involvement: 'subject' });
    const extra = Math.floor(next() * 3);
    for (let i = 0; i < extra; i++) people.push({ role: pick(roles), involvement: pick(others) });
    const known: Record<string, boolean | null> = {};
    for (const fact of facts) {
      const r = next();
      if (r < 0.35) known[fact] = next() < 0.5;
      else if (r < 0.38) known[fact] = null;
    }
    const incident: IncidentInput<VocabularyTerms> = {
      id: `INC-${seed}-${n}`,
      people,
      activities: [...new Set(Array.from({ length: activityCount }, () => pick(activities)))],
      facts: known,
    };
    if (technologies.length > 0 && next() < 0.4) {
      incident.technologies = [...new Set(Array.from({ length: 1 + Math.floor(next() * 2) }, () => pick(technologies)))];
    }
    out.push(incident);
  }
  return out;
}
