import { applies, defeated, knownBits, possibleBits } from '../engine/apply.js';
import { literalCondition, requiredTerms, type CompiledPolicy, type CompiledRule, type ConditionNode } from '../engine/ir.js';
import { compiledOf, type Policy } from '../engine/policy.js';
import { parseIncident } from '../incident/parse.js';
import type { Incident } from '../incident/schema.js';
import { OUTCOME_KINDS } from '../policy/schema.js';
import { evaluate, type EvaluateOptions } from './evaluate.js';
import { atomPhrase, clauseText, conditionPhrase, outcomePhrase, outcomeWithForce } from './phrases.js';
import { GROUP_OF_KIND, type Decision, type Outcome } from './schema.js';
import { inForceText } from './phrases.js';

export { clauseText, conditionPhrase, outcomePhrase, outcomeWithForce, plannedOutcomePhrase, termLabel } from './phrases.js';

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
  /** Its condition holds, but an exception defeats it: which. */
  defeatedBy?: string[];
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
  /** What the answer would remove (an exception would hold). */
  wouldRemove?: string[];
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

/**
 * Explains a decision already made for this incident under this policy. The reasons are read off
 * the compiled form with the same literal vectors the evaluator uses (engine/apply.ts): a part
 * of a condition is true when it holds on what the incident makes known, unknown when it may
 * hold on what it leaves open, false otherwise.
 */
export function explainDecision(policy: Policy, incident: Incident, decision: Decision, options: { all?: boolean } = {}): Explanation {
  const ir = compiledOf(policy);
  const trace = new Trace(ir, incident);
  const outcomes = OUTCOME_KINDS.flatMap((k) => decision[GROUP_OF_KIND[k]]).map((outcome) => ({
    outcome,
    says: outcomePhrase(outcome, policy.vocabulary),
    reasons: outcome.because.map((r) => {
      const rule = ir.rules[ir.ruleRank.get(r.rule) ?? -1];
      return { rule: r.rule, cite: r.cite, clause: clauseText(policy, r.cite), matched: rule ? trace.matched(rule.when) : [] };
    }),
  }));
  const fired = new Set(outcomes.flatMap((o) => o.reasons.map((r) => r.rule)));
  const nearMisses = options.all ? ir.rules.filter((r) => !fired.has(r.id) && trace.isNear(r)).map((r) => trace.nearMiss(policy, r)) : [];
  const questions = decision.questions.map((q) => {
    const out: QuestionExplanation = { ask: q.ask, wouldAdd: q.wouldAdd.map((o) => outcomeWithForce(o, policy.vocabulary)) };
    if (q.wouldRemove) out.wouldRemove = q.wouldRemove.map((o) => outcomeWithForce(o, policy.vocabulary));
    return out;
  });
  return { decision, outcomes, nearMisses, questions };
}

type Truth = 'yes' | 'no' | 'unknown';

/** One incident's literal vectors, and the compiled conditions read on them in words. */
class Trace {
  private readonly known: Int32Array;
  private readonly possible: Int32Array;

  constructor(
    private readonly ir: CompiledPolicy,
    private readonly incident: Incident,
  ) {
    this.known = knownBits(ir, incident);
    this.possible = possibleBits(ir, this.known);
  }

  truth(node: ConditionNode): Truth {
    return node.holds(this.known) ? 'yes' : node.holds(this.possible) ? 'unknown' : 'no';
  }

  /** Why a condition that holds holds: the literals that made it true. */
  matched(node: ConditionNode): string[] {
    if (!node.holds(this.known)) return [];
    if (node.op === 'literal') return [this.literal(node.literal)];
    const parts = node.op === 'all' ? node.children : node.children.filter((c) => c.holds(this.known));
    return unique(parts.flatMap((c) => this.matched(c)));
  }

  /** The parts of a condition that keep it from holding (the parts of a written `all`, one by one). */
  unmet(node: ConditionNode): NearMiss['unmet'] {
    const t = this.truth(node);
    if (t === 'yes') return [];
    if (node.op === 'all' && node.source.all !== undefined && !node.negated) return node.children.flatMap((c) => this.unmet(c));
    return [{ needs: this.phrase(node), status: t }];
  }

  /**
   * A rule is a near miss when the incident has an activity and a technology it is about (or it
   * is about none in particular), and at most one part of its condition is otherwise (or it waits
   * on unknown facts only), or its condition holds and an exception defeats it.
   */
  isNear(rule: CompiledRule): boolean {
    const activities = requiredTerms(rule.when, this.ir.atoms, 'activity');
    const technologies = requiredTerms(rule.when, this.ir.atoms, 'technology');
    if (activities && !this.incident.activities.some((a) => activities.has(a))) return false;
    if (technologies && !this.incident.technologies.some((t) => technologies.has(t))) return false;
    return this.unmet(rule.when).filter((u) => u.status === 'no').length <= 1;
  }

  nearMiss(policy: Policy, rule: CompiledRule): NearMiss {
    const miss: NearMiss = {
      rule: rule.id,
      cite: rule.cite,
      clause: clauseText(policy, rule.cite),
      wouldGive: rule.outcomes.map((o) => outcomeWithForce(o, policy.vocabulary)),
      unmet: this.unmet(rule.when),
    };
    if (rule.when.holds(this.known) && defeated(this.ir, rule, this.known)) {
      miss.defeatedBy = [
        ...(rule.unless?.holds(this.known) ? [`unless ${this.phrase(rule.unless)}`] : []),
        ...rule.overriddenBy.filter((o) => applies(this.ir, this.ir.rules[o]!, this.known)).map((o) => `overridden by ${this.ir.rules[o]!.id}: ${this.ir.rules[o]!.label}`),
      ];
    }
    return miss;
  }

  private phrase(node: ConditionNode): string {
    return conditionPhrase(node.negated ? { not: node.source } : node.source, this.ir.vocabulary);
  }

  private literal(literal: number): string {
    const { condition, holds } = literalCondition(this.ir.atoms, literal);
    return atomPhrase(condition, holds, this.ir.vocabulary);
  }
}

/** The explained outcomes under the plan's headings, in the plan's order. */
function planSections(ex: Explanation): { heading: string; outcomes: OutcomeExplanation[] }[] {
  const plan = ex.decision.plan;
  const sections = [
    { heading: 'Do now', lines: plan.doNow },
    ...plan.doNext.map((g) => ({ heading: `Do next — ${g.title}`, lines: g.lines })),
    { heading: 'Decide (left to a person)', lines: plan.decide },
  ];
  const at = new Map<string, number>();
  sections.forEach((s, i) => {
    for (const l of s.lines) for (const k of l.kinds) for (const by of [...(l.by ?? []), '']) at.set(`${k}\0${l.target}\0${by}`, i);
  });
  const grouped = sections.map((s) => ({ heading: s.heading, outcomes: [] as OutcomeExplanation[] }));
  const classified = { heading: 'Classification', outcomes: [] as OutcomeExplanation[] };
  const order = new Map(sections.flatMap((s) => s.lines).map((l, i) => [`${l.kinds[0]}\0${l.target}`, i]));
  for (const o of ex.outcomes) {
    const i = at.get(`${o.outcome.kind}\0${o.outcome.target}\0${o.outcome.by ?? ''}`);
    (i === undefined ? classified : grouped[i]!).outcomes.push(o);
  }
  // Within a heading, in the plan's order of lines (a folded person's referral and notification together).
  const rank = (o: OutcomeExplanation) => order.get(`${o.outcome.kind}\0${o.outcome.target}`) ?? order.get(`${o.outcome.kind === 'notification' ? 'referral' : 'notification'}\0${o.outcome.target}`) ?? 0;
  for (const g of grouped) g.outcomes.sort((a, b) => rank(a) - rank(b));
  return [...grouped, classified].filter((g) => g.outcomes.length > 0);
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

/**
 * The explanation as text, in the action plan's order (Do now, Do next by who acts, Decide, then
 * the classification): one line per outcome with its force and timing, one per reason; then
 * (with --all) the near misses.
 */
export function formatExplanation(ex: Explanation): string {
  const lines: string[] = [];
  const inForce = inForceText(ex.decision);
  if (inForce !== undefined) lines.push(inForce);
  if (ex.outcomes.length === 0) lines.push('The policy requires nothing for this incident as described.');
  for (const { heading, outcomes } of planSections(ex)) {
    if (lines.length > 0) lines.push('');
    lines.push(`${heading}:`);
    for (const o of outcomes) {
      const [first, ...rest] = o.reasons;
      const why = (r: RuleReason) => `${r.clause}${r.matched.length > 0 ? `: ${r.matched.join(', ')}` : ''}`;
      lines.push(`  ${o.says} (${o.outcome.modality}${o.outcome.timing ? `, ${o.outcome.timing}` : ''}) — ${why(first!)}`);
      for (const r of rest) lines.push(`    also — ${why(r)}`);
      for (const c of o.outcome.unless ?? []) lines.push(`    unless ${c.says} (${c.rule})`);
    }
  }
  if (ex.questions.length > 0) {
    lines.push('', 'Unknown facts that would change this:');
    for (const q of ex.questions) {
      const parts = [...(q.wouldAdd.length > 0 ? [`would add: ${q.wouldAdd.join('; ')}`] : []), ...(q.wouldRemove ? [`would remove: ${q.wouldRemove.join('; ')}`] : [])];
      lines.push(`  ${q.ask} → ${parts.join('; ')}`);
    }
  }
  if (ex.nearMisses.length > 0) {
    lines.push('', 'Rules that did not apply:');
    for (const m of ex.nearMisses) {
      lines.push(`  ${m.rule} — ${m.clause}`);
      lines.push(`    would give: ${m.wouldGive.join('; ')}`);
      for (const u of m.unmet) lines.push(`    ${u.status === 'no' ? 'not so' : 'unknown'}: ${u.needs}`);
      for (const d of m.defeatedBy ?? []) lines.push(`    defeated: ${d}`);
    }
  }
  if (ex.decision.warnings.length > 0) lines.push('', 'Warnings:', ...ex.decision.warnings.map((w) => `  ${w.message}`));
  return `${lines.join('\n')}\n`;
}
