import { clauseText, outcomePhrase, plannedOutcomePhrase } from '../decision/phrases.js';
import type { Decision, Outcome } from '../decision/schema.js';
import type { Policy } from '../engine/policy.js';
import { inForceText } from '../decision/phrases.js';

const GROUPS: { key: keyof Decision; title: string }[] = [
  { key: 'referrals', title: 'Referrals' },
  { key: 'sanctions', title: 'Sanctions' },
  { key: 'notifications', title: 'Notifications' },
  { key: 'obligations', title: 'Duties' },
  { key: 'prohibitions', title: 'Must not' },
  { key: 'judgements', title: 'Judgements (left to a person)' },
  { key: 'classification', title: 'Classification' },
];

/** A decision as a person reads it: grouped, each outcome with its force and the clauses it comes from. */
export function formatDecision(decision: Decision, policy: Policy): string {
  const lines = [`${policy.title}, version ${policy.version} (${policy.id})`];
  const inForce = inForceText(decision);
  if (inForce !== undefined) lines.push(inForce);
  if (decision.incident.id !== null) lines.push(`Incident: ${decision.incident.id}`);
  let any = false;
  for (const { key, title } of GROUPS) {
    const outcomes = decision[key] as Outcome[];
    if (outcomes.length === 0) continue;
    any = true;
    lines.push('', `${title}:`);
    for (const o of outcomes) {
      lines.push(`  ${o.modality.padEnd(6)} ${outcomePhrase(o, policy.vocabulary)}${o.timing ? `, ${o.timing}` : ''}`);
      if (o.contact) {
        const c = o.contact;
        lines.push(`         contact: ${[c.name, c.role, c.route, c.applies].filter(Boolean).join(', ')}`);
      }
      for (const r of o.because) lines.push(`         cite: ${clauseText(policy, r.cite)}`);
    }
  }
  if (!any) lines.push('', 'No outcomes: the policy requires nothing for this incident as described.');
  if (decision.questions.length > 0) {
    lines.push('', 'Questions (unknown facts that would change the decision):');
    for (const q of decision.questions) {
      lines.push(`  ${q.ask} → would add:`);
      for (const w of q.wouldAdd) lines.push(`    ${w.modality.padEnd(6)} ${plannedOutcomePhrase(w, policy.vocabulary)}`);
    }
  }
  if (decision.warnings.length > 0) lines.push('', 'Warnings:', ...decision.warnings.map((w) => `  ${w.message}`));
  return `${lines.join('\n')}\n`;
}
