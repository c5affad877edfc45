import { clauseText } from './explain.js';
import { inForceText } from './phrases.js';
import { actorName, lowerFirst, planLineText } from './plan.js';
import type { ActionPlan, Decision, PlanLine } from './schema.js';
import type { Policy } from '../engine/policy.js';

/** The width the plan is written for: a terminal, a printed page. */
export const WIDTH = 100;

export interface PlanTextOptions {
  /**
   * How many questions to show (default 5); the rest, and those not about this incident
   * (Question.unrelated), are counted. Infinity shows all, the unrelated ones last.
   */
  questions?: number;
  /** Whether to write the Ask section (default true; the triage page shows its questions as buttons). */
  ask?: boolean;
}


/**
 * The decision as a safeguarding lead reads it: Do now, Do next by who acts, Decide, Ask, each
 * line with its force and footnote numbers for its clauses, the clauses listed at the end.
 * Lines are wrapped to 100 columns.
 */
export function formatPlan(decision: Decision, policy: Policy, options: PlanTextOptions = {}): string {
  const plan = decision.plan;
  const notes = new Footnotes();
  const out = new Lines();
  const incident = decision.incident.id === null ? '' : ` · incident ${decision.incident.id}`;
  out.add('', `${policy.title} ${policy.version} (${policy.id})${incident}`);
  const inForce = inForceText(decision);
  if (inForce !== undefined) out.add('', inForce);
  if (plan.classified.length > 0) out.add('', `Classified: ${plan.classified.join('; ')}`);
  if (plan.doNow.length + plan.doNext.length + plan.decide.length === 0) {
    out.add('', 'Nothing to do: the policy requires nothing for this incident as described.');
  } else {
    out.add('', `Do now (every line is a must unless marked should or may):${plan.doNow.length === 0 ? ' nothing immediate' : ''}`);
  }
  if (plan.doNow.length > 0) {
    for (const line of plan.doNow) out.add('  ', lineText(line, notes, policy, true));
  }
  if (plan.doNext.length > 0) {
    out.add('', 'Do next:');
    // One paragraph per person who acts: the lines a person works through, in a few screen lines.
    for (const group of plan.doNext) {
      const items = group.lines.map((l) => lowerFirst(lineText(ownLine(l, group.actor), notes, policy, false)));
      out.add('  ', `${actorName(group.title)}: ${items.join('; ')}`);
    }
  }
  if (plan.decide.length > 0) {
    out.blank();
    out.add('', 'Decide (left to a person):');
    for (const line of plan.decide) out.add('  ', lineText(line, notes, policy, true));
  }
  if (options.ask !== false) askLines(plan, out, options.questions ?? 5);
  if (decision.warnings.length > 0) {
    out.blank();
    out.add('', 'Warnings:');
    for (const w of decision.warnings) out.add('  ', w.message);
  }
  if (notes.size > 0) {
    out.blank();
    out.add('', 'Clauses:');
    notes.forEach((cite, n, from) => out.add('  ', `[${n}] ${clauseText(policy, cite)}${from.length > 0 ? ` (from ${from.join(', ')})` : ''}`));
  }
  return out.text();
}

function askLines(plan: ActionPlan, out: Lines, max: number): void {
  if (plan.ask.length === 0) return;
  // Questions not about this incident (Question.unrelated) are shown only when all are asked for.
  const all = max === Infinity;
  const about = plan.ask.filter((q) => !q.unrelated);
  const shown = all ? about : about.slice(0, max);
  const line = (q: ActionPlan['ask'][number]) => {
    const more = q.wouldAdd.length - 3;
    const adds = q.wouldAdd.length === 0 ? '' : `${q.wouldAdd.slice(0, 3).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
    const removes = q.wouldRemove ? `no longer: ${q.wouldRemove.join('; ')}` : '';
    out.add('  ', `${q.ask} → ${[adds, removes].filter(Boolean).join('; ')}`);
  };
  if (shown.length > 0 || all) {
    out.blank();
    out.add('', 'Ask (the answers would change the plan):');
  }
  shown.forEach(line);
  if (all) {
    const others = plan.ask.filter((q) => q.unrelated);
    if (others.length > 0) {
      out.add('', "Also asked by the policy's general rules (no rule links them to this incident's activities):");
      others.forEach(line);
    }
    return;
  }
  const rest = plan.ask.length - shown.length;
  if (rest === 0) return;
  if (shown.length > 0) out.add('  ', `… and ${rest} more question${rest === 1 ? '' : 's'} (--all-questions)`);
  else {
    // Only questions not about this incident: said as such, not as "more" of nothing shown.
    out.blank();
    out.add('', `Ask: no question about this incident (the policy's general rules ask ${rest}: --all-questions)`);
  }
}

/** A line about the person it is grouped under, in their words: "receives the referral", "is told". */
function ownLine(line: PlanLine, actor: string | null): PlanLine {
  if (line.target !== actor || !(line.kinds.includes('referral') || line.kinds.includes('notification'))) return line;
  return { ...line, says: line.kinds.includes('referral') ? 'Receives the referral' : 'Is told' };
}

/** "Refer to the police, immediately — contact (should) [1,2]": a must goes without saying (the plan says so once). */
function lineText(line: PlanLine, notes: Footnotes, policy: Policy, actor: boolean): string {
  const force = line.modality === 'must' ? '' : ` (${line.modality})`;
  return `${planLineText(line, policy.vocabulary, { actor, contacts: 'named' })}${force} ${notes.refs(line.because)}`;
}

/** Clause footnotes, numbered in order of first use, with the policies whose rules cite them (where a policy extends another). */
class Footnotes {
  private readonly numbers = new Map<string, number>();
  private readonly policies = new Map<string, Set<string>>();

  get size(): number {
    return this.numbers.size;
  }

  refs(reasons: readonly { cite: string; policy?: string }[]): string {
    const ns = reasons.map(({ cite: c, policy }) => {
      let n = this.numbers.get(c);
      if (n === undefined) this.numbers.set(c, (n = this.numbers.size + 1));
      if (policy !== undefined) this.policies.set(c, (this.policies.get(c) ?? new Set()).add(policy));
      return n;
    });
    return `[${ranges([...new Set(ns)].sort((a, b) => a - b))}]`;
  }

  forEach(f: (cite: string, n: number, from: string[]) => void): void {
    for (const [cite, n] of this.numbers) f(cite, n, [...(this.policies.get(cite) ?? [])].sort());
  }
}

/** [1,2,3,5] → "1-3,5". */
function ranges(ns: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ns.length; i++) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    parts.push(j > i + 1 ? `${ns[i]}-${ns[j]}` : j === i + 1 ? `${ns[i]},${ns[j]}` : `${ns[i]}`);
    i = j;
  }
  return parts.join(',');
}

/** Text lines wrapped at WIDTH, continuation lines indented under the text. */
class Lines {
  private readonly lines: string[] = [];

  blank(): void {
    this.lines.push('');
  }

  add(indent: string, text: string): void {
    // Continuation lines align with the text after the force column, where there is one.
    const hang = `${indent}  `;
    this.lines.push(...wrap(indent + text, hang, WIDTH));
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** Word-wraps one line; a word longer than the width stays whole. */
export function wrap(text: string, hang: string, width: number): string[] {
  if (text.length <= width) return [text];
  const out: string[] = [];
  let line = /^ */.exec(text)![0];
  for (const token of text.slice(line.length).match(/\S+ */g) ?? []) {
    if ((line + token).trimEnd().length > width && line.trim() !== '') {
      out.push(line.trimEnd());
      line = hang + token;
    } else line += token;
  }
  out.push(line.trimEnd());
  return out;
}
