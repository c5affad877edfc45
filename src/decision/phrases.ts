import type { Policy } from '../engine/policy.js';
import { OUTCOME_CATALOGUE, type Condition } from '../policy/schema.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import type { Decision, Outcome } from './schema.js';

/** The clause a rule cites, as a reader finds it in the policy: section, id and label. */
export function clauseText(policy: Pick<Policy, 'manifest'>, cite: string): string {
  const clause = policy.manifest.clauses.find((c) => c.id === cite);
  return clause ? `${clause.section}, ${cite}: ${clause.label}` : cite;
}

/** The vocabulary's label for an outcome's target (the id itself if it has none). */
export function termLabel(v: Vocabulary, kind: Outcome['kind'], target: string): string {
  const catalogue = v[OUTCOME_CATALOGUE[kind]] as Record<string, string>;
  return Object.hasOwn(catalogue, target) ? catalogue[target]! : target;
}

/** An outcome not yet in a decision (a rule's, a question's), in words: "Refer to the LADO". */
export function plannedOutcomePhrase(o: Pick<Outcome, 'kind' | 'target' | 'by'>, vocabulary: Vocabulary): string {
  return outcomePhrase({ ...o, label: termLabel(vocabulary, o.kind, o.target) }, vocabulary);
}

/** The same with its force: "Refer to the LADO (must)". */
export function outcomeWithForce(o: Pick<Outcome, 'kind' | 'target' | 'by' | 'modality'>, vocabulary: Vocabulary): string {
  return `${plannedOutcomePhrase(o, vocabulary)} (${o.modality})`;
}

/** What an outcome asks of the school, in a few words: "Refer to the LADO", "Tell the parents". */
export function outcomePhrase(o: Pick<Outcome, 'kind' | 'label' | 'by'>, vocabulary?: Vocabulary): string {
  const label = lowerFirst(o.label);
  const actor = o.by === undefined ? undefined : vocabulary && Object.hasOwn(vocabulary.targets, o.by) ? lowerFirst(vocabulary.targets[o.by]!) : o.by;
  const by = actor ? ` (by ${actor})` : '';
  switch (o.kind) {
    case 'referral':
      return `Refer to ${label}${by}`;
    case 'notification':
      return `Tell ${label}${by}`;
    case 'sanction':
      return `Sanction: ${label}${by}`;
    case 'obligation':
      return `Do: ${label}${by}`;
    case 'prohibition':
      return `Do not: ${label}${by}`;
    case 'judgement':
      return `A decision for ${actor ?? 'the school'}: ${label}`;
    case 'classification':
      return `Classified as ${label}`;
  }
}

/** "The headteacher" → "the headteacher"; acronyms ("LADO ...") stay as they are. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z ]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

const ROLE_PLACE = {
  subject: 'the subject',
  affected: 'the person affected',
  reporter: 'the reporter',
  witness: 'a witness',
} as const;

/** A rule condition in plain English, as what it needs (e.g. "the subject is staff and ..."). */
export function conditionPhrase(c: Condition, v: Vocabulary): string {
  if (c.all) return c.all.map((x) => (x.any || x.all ? `(${conditionPhrase(x, v)})` : conditionPhrase(x, v))).join(' and ');
  if (c.any) {
    // Nested alternatives read as one list.
    const flat = (x: Condition): Condition[] => (x.any ? x.any.flatMap(flat) : [x]);
    return `one of: ${flat(c).map((x) => conditionPhrase(x, v)).join('; or ')}`;
  }
  if (c.not) return c.not.all || c.not.any ? `not (${conditionPhrase(c.not, v)})` : atomPhrase(c.not, false, v);
  return atomPhrase(c, true, v);
}

/** One term of a condition, said as holding or not: "the subject is staff", "it is false that ...". */
export function atomPhrase(c: Condition, holds: boolean, v: Vocabulary): string {
  const is = holds ? 'is' : 'is not';
  const label = (table: Record<string, unknown>, term: string) => (Object.hasOwn(table, term) ? (table[term] as string) : term);
  if (c.fact !== undefined) {
    const def = Object.hasOwn(v.facts, c.fact) ? v.facts[c.fact] : undefined;
    const text = lowerFirst((def?.description ?? c.fact).replace(/\s*\([^)]*\)\s*$/, ''));
    return holds ? text : `it is false that ${text}`;
  }
  if (c.activity !== undefined) return `the activity ${is} ${quote(lowerFirst(label(v.activities, c.activity)))}`;
  if (c.technology !== undefined) return `the technology used ${is} ${quote(lowerFirst(label(v.technologies, c.technology)))}`;
  if (c.involves !== undefined) return `${roleNoun(c.involves)} ${holds ? 'is' : 'is not'} involved`;
  for (const place of Object.keys(ROLE_PLACE) as (keyof typeof ROLE_PLACE)[]) {
    const role = c[place];
    if (role !== undefined) return `${ROLE_PLACE[place]} ${is} ${roleNoun(role)}`;
  }
  return JSON.stringify(c);
}

function roleNoun(role: string): string {
  if (role === 'staff') return 'staff';
  const words = role.replace(/-/g, ' ');
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

function quote(text: string): string {
  return `"${text}"`;
}

/** Which version decided and why, when it was chosen by a date: "Version 0.9 (approved 2025-09-01), in force on 2026-03-01, the incident's date". */
export function inForceText(decision: Decision): string | undefined {
  const chosen = decision.policy.inForce;
  if (chosen === undefined) return undefined;
  const why = chosen.chosenBy === 'as-of' ? 'the date asked for' : "the incident's date";
  return `Version ${decision.policy.version} (approved ${chosen.approvedOn}), in force on ${chosen.on}, ${why}`;
}
