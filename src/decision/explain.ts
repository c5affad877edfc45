import type { Policy } from '../engine/policy.js';
import { parseIncident } from '../incident/parse.js';
import type { Incident } from '../incident/schema.js';
import type { LoadedRule } from '../policy/read.js';
import { OUTCOME_CATALOGUE, OUTCOME_KINDS, type Condition } from '../policy/schema.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import { evaluate, ruleOutcomes, type EvaluateOptions } from './evaluate.js';
import { GROUP_OF_KIND, type Decision, type Outcome } from './schema.js';

/** Why one rule gave an outcome: the rule, its clause, and the incident's facts that matched. */
export interface RuleReason {
  rule: string;
  cite: string;
  /** "Sanctions: Staff, sanctions-staff.row-09: Sending an offensive ... message to learners (L)". */
  clause: string;
  /** Plain-English phrases, e.g. "the subject is staff". */
  matched: string[];
}

export interface OutcomeExplanation {
  outcome: Outcome;
  /** "Refer to the Local Authority Designated Officer (LADO)". */
  says: string;
  reasons: RuleReason[];
}

/** A rule about this incident's activities (or about none) that did not fire, and what it lacked. */
export interface NearMiss {
  rule: string;
  cite: string;
  clause: string;
  /** What it would have given, e.g. "Refer to the headteacher (must)". */
  wouldGive: string[];
  /** Parts of its condition that did not hold ("no") or that depend on unknown facts ("unknown"). */
  unmet: { needs: string; status: 'no' | 'unknown' }[];
}

export interface Explanation {
  decision: Decision;
  outcomes: OutcomeExplanation[];
  /** Only with `all`. */
  nearMisses: NearMiss[];
  /** The decision's questions, each with what its answer would add in words. */
  questions: QuestionExplanation[];
}

export interface QuestionExplanation {
  ask: string;
  /** e.g. "Refer to the LADO (must)". */
  wouldAdd: string[];
}

export interface ExplainOptions extends EvaluateOptions {
  /** Also explain why the near-miss rules did not fire. */
  all?: boolean;
}

/** Evaluates an incident and explains the decision in plain English. */
export async function explain(policy: Policy, input: unknown, options: ExplainOptions = {}): Promise<Explanation> {
  const incident = parseIncident(input, policy.vocabulary);
  const decision = await evaluate(policy, incident, options);
  return explainDecision(policy, incident, decision, options);
}

/** Explains a decision already made for this incident under this policy. */
export function explainDecision(policy: Policy, incident: Incident, decision: Decision, options: { all?: boolean } = {}): Explanation {
  const words = new Words(policy.vocabulary);
  const rules = new Map(policy.rules.map((r) => [r.id, r]));
  const outcomes = OUTCOME_KINDS.flatMap((k) => decision[GROUP_OF_KIND[k]]).map((outcome) => ({
    outcome,
    says: outcomePhrase(outcome, policy.vocabulary),
    reasons: outcome.because.map((r) => ({
      rule: r.rule,
      cite: r.cite,
      clause: clauseText(policy, r.cite),
      matched: rules.has(r.rule) ? words.matched(rules.get(r.rule)!.when, incident) : [],
    })),
  }));
  const fired = new Set(outcomes.flatMap((o) => o.reasons.map((r) => r.rule)));
  const nearMisses = options.all
    ? policy.rules.filter((r) => !fired.has(r.id) && isNear(r, incident, words)).map((r) => nearMiss(policy, r, incident, words))
    : [];
  const questions = decision.questions.map((q) => ({ ask: q.ask, wouldAdd: q.wouldAdd.map((o) => outcomeWithForce(o, policy.vocabulary)) }));
  return { decision, outcomes, nearMisses, questions };
}

/**
 * A rule is a near miss when the incident has an activity and a technology it is about (or it is
 * about none in particular), and at most one part of its condition is otherwise (or it waits on
 * unknown facts only).
 */
function isNear(rule: LoadedRule, incident: Incident, words: Words): boolean {
  const activities = requiredTerms(rule.when, 'activity');
  const technologies = requiredTerms(rule.when, 'technology');
  if (activities && !incident.activities.some((a) => activities.has(a))) return false;
  if (technologies && !incident.technologies.some((t) => technologies.has(t))) return false;
  return words.unmet(rule.when, incident).filter((u) => u.status === 'no').length <= 1;
}

/** Terms of which at least one must be present for the condition to hold; undefined when none must. */
function requiredTerms(c: Condition, key: 'activity' | 'technology'): Set<string> | undefined {
  if (c[key] !== undefined) return new Set([c[key]]);
  if (c.all) {
    let best: Set<string> | undefined;
    for (const child of c.all) {
      const req = requiredTerms(child, key);
      if (req && (!best || req.size < best.size)) best = req;
    }
    return best;
  }
  if (c.any) {
    const union = new Set<string>();
    for (const child of c.any) {
      const req = requiredTerms(child, key);
      if (!req) return undefined;
      for (const t of req) union.add(t);
    }
    return union;
  }
  return undefined;
}

function nearMiss(policy: Policy, rule: LoadedRule, incident: Incident, words: Words): NearMiss {
  return {
    rule: rule.id,
    cite: rule.cite,
    clause: clauseText(policy, rule.cite),
    wouldGive: ruleOutcomes(rule).map((o) => outcomeWithForce(o, policy.vocabulary)),
    unmet: words.unmet(rule.when, incident),
  };
}

/** The clause a rule cites, as a reader finds it in the policy: section, id and label. */
export function clauseText(policy: Policy, cite: string): string {
  const clause = policy.manifest.clauses.find((c) => c.id === cite);
  return clause ? `${clause.section}, ${cite}: ${clause.label}` : cite;
}

/** The vocabulary's label for an outcome's target (the id itself if it has none). */
export function termLabel(v: Vocabulary, kind: Outcome['kind'], target: string): string {
  return v[OUTCOME_CATALOGUE[kind]][target] ?? target;
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
  const actor = o.by === undefined ? undefined : vocabulary?.targets[o.by] ? lowerFirst(vocabulary.targets[o.by]!) : o.by;
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
function lowerFirst(text: string): string {
  return /^[A-Z][a-z ]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

type Truth = 'yes' | 'no' | 'unknown';

const ROLE_PLACE = {
  subject: 'the subject',
  affected: 'the person affected',
  reporter: 'the reporter',
  witness: 'a witness',
} as const;

/**
 * Plain-English phrases for conditions, read three-valued as the engine reads them: a fact not
 * given is unknown, and a rule holds only when the known facts make it true.
 */
class Words {
  constructor(private readonly v: Vocabulary) {}

  truth(c: Condition, i: Incident): Truth {
    if (c.all) {
      const t = c.all.map((x) => this.truth(x, i));
      return t.includes('no') ? 'no' : t.includes('unknown') ? 'unknown' : 'yes';
    }
    if (c.any) {
      const t = c.any.map((x) => this.truth(x, i));
      return t.includes('yes') ? 'yes' : t.includes('unknown') ? 'unknown' : 'no';
    }
    if (c.not) {
      const t = this.truth(c.not, i);
      return t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'unknown';
    }
    if (c.fact !== undefined) return c.fact in i.facts ? (i.facts[c.fact] ? 'yes' : 'no') : 'unknown';
    if (c.activity !== undefined) return i.activities.includes(c.activity) ? 'yes' : 'no';
    if (c.technology !== undefined) return i.technologies.includes(c.technology) ? 'yes' : 'no';
    if (c.involves !== undefined) return i.people.some((p) => p.role === c.involves) ? 'yes' : 'no';
    for (const place of Object.keys(ROLE_PLACE) as (keyof typeof ROLE_PLACE)[]) {
      const role = c[place];
      if (role !== undefined) return i.people.some((p) => p.involvement === place && p.role === role) ? 'yes' : 'no';
    }
    return 'unknown';
  }

  /** Why a condition that holds holds: the phrases of the parts that made it true. */
  matched(c: Condition, i: Incident): string[] {
    if (this.truth(c, i) !== 'yes') return [];
    if (c.all) return unique(c.all.flatMap((x) => this.matched(x, i)));
    if (c.any) return unique(c.any.filter((x) => this.truth(x, i) === 'yes').flatMap((x) => this.matched(x, i)));
    if (c.not) return this.falsified(c.not, i);
    return [this.atom(c, true)];
  }

  /** Why a condition that does not hold is false. */
  private falsified(c: Condition, i: Incident): string[] {
    if (c.all) return unique(c.all.filter((x) => this.truth(x, i) === 'no').flatMap((x) => this.falsified(x, i)));
    if (c.any) return unique(c.any.flatMap((x) => this.falsified(x, i)));
    if (c.not) return this.matched(c.not, i);
    return [this.atom(c, false)];
  }

  /** The parts of a condition that keep it from holding. */
  unmet(c: Condition, i: Incident): { needs: string; status: 'no' | 'unknown' }[] {
    const t = this.truth(c, i);
    if (t === 'yes') return [];
    if (c.all) return c.all.flatMap((x) => this.unmet(x, i));
    return [{ needs: this.phrase(c), status: t }];
  }

  /** A condition said positively, as what it needs. */
  phrase(c: Condition): string {
    if (c.all) return c.all.map((x) => (x.any || x.all ? `(${this.phrase(x)})` : this.phrase(x))).join(' and ');
    if (c.any) {
      // Nested alternatives read as one list.
      const flat = (x: Condition): Condition[] => (x.any ? x.any.flatMap(flat) : [x]);
      return `one of: ${flat(c).map((x) => this.phrase(x)).join('; or ')}`;
    }
    if (c.not) return c.not.all || c.not.any ? `not (${this.phrase(c.not)})` : this.atom(c.not, false);
    return this.atom(c, true);
  }

  private atom(c: Condition, holds: boolean): string {
    const is = holds ? 'is' : 'is not';
    if (c.fact !== undefined) {
      const text = lowerFirst((this.v.facts[c.fact]?.description ?? c.fact).replace(/\s*\([^)]*\)\s*$/, ''));
      return holds ? text : `it is false that ${text}`;
    }
    if (c.activity !== undefined) return `the activity ${is} ${quote(lowerFirst(this.v.activities[c.activity] ?? c.activity))}`;
    if (c.technology !== undefined) return `the technology used ${is} ${quote(lowerFirst(this.v.technologies[c.technology] ?? c.technology))}`;
    if (c.involves !== undefined) return `${roleNoun(c.involves)} ${holds ? 'is' : 'is not'} involved`;
    for (const place of Object.keys(ROLE_PLACE) as (keyof typeof ROLE_PLACE)[]) {
      const role = c[place];
      if (role !== undefined) return `${ROLE_PLACE[place]} ${is} ${roleNoun(role)}`;
    }
    return JSON.stringify(c);
  }
}

/** A rule condition in plain English, as what it needs (e.g. "the subject is staff and ..."). */
export function conditionPhrase(condition: Condition, vocabulary: Vocabulary): string {
  return new Words(vocabulary).phrase(condition);
}

function roleNoun(role: string): string {
  if (role === 'staff') return 'staff';
  const words = role.replace(/-/g, ' ');
  return `${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}`;
}

function quote(text: string): string {
  return `"${text}"`;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/** The explanation as text: one line per reason, then (with --all) the near misses. */
export function formatExplanation(ex: Explanation): string {
  const lines: string[] = [];
  if (ex.outcomes.length === 0) lines.push('The policy requires nothing for this incident as described.');
  for (const o of ex.outcomes) {
    const [first, ...rest] = o.reasons;
    const why = (r: RuleReason) => `${r.clause}${r.matched.length > 0 ? `: ${r.matched.join(', ')}` : ''}`;
    lines.push(`${o.says} (${o.outcome.modality}) — ${why(first!)}`);
    for (const r of rest) lines.push(`  also — ${why(r)}`);
  }
  if (ex.questions.length > 0) {
    lines.push('', 'Unknown facts that would change this:');
    for (const q of ex.questions) lines.push(`  ${q.ask} → would add: ${q.wouldAdd.join('; ')}`);
  }
  if (ex.nearMisses.length > 0) {
    lines.push('', 'Rules that did not apply:');
    for (const m of ex.nearMisses) {
      lines.push(`  ${m.rule} — ${m.clause}`);
      lines.push(`    would give: ${m.wouldGive.join('; ')}`);
      for (const u of m.unmet) lines.push(`    ${u.status === 'no' ? 'not so' : 'unknown'}: ${u.needs}`);
    }
  }
  if (ex.decision.warnings.length > 0) lines.push('', 'Warnings:', ...ex.decision.warnings.map((w) => `  ${w.message}`));
  return `${lines.join('\n')}\n`;
}
