import { conditionPhrase } from '../decision/phrases.js';
import { resolvedOutcomes, type Policy } from '../engine/policy.js';
import type { Rule } from '../policy/schema.js';
import { policyGrids } from './grid.js';

/**
 * The escalation paths as a Mermaid flowchart: incident → the condition of each rule that
 * refers someone on (its label and clause) → who it goes to (with the named contact, the route
 * such as "via Somerset Direct" and when it applies), each arrow labelled with the force
 * (must / should / may), the timing and who refers. A judgement about escalating (whether to
 * contact the police, discuss with the DSL team) is a decision node on a dotted arrow. A sanctions grid is one node (its rows are
 * in the grid table), with an arrow to each target its marks name.
 */
export function escalationFlowchart(policy: Policy): string {
  const lines = ['flowchart LR', `  incident(["${label('An online safety incident')}"])`];
  const targets = new Map<string, string>();
  const targetNode = (target: string) => {
    if (!targets.has(target)) targets.set(target, `t_${target.replace(/[^a-z0-9]/g, '_')}`);
    return targets.get(target)!;
  };
  const grids = policyGrids(policy);
  const gridCites = new Set(grids.flatMap((g) => g.rows.map((r) => r.clause.id)));
  grids.forEach((grid, i) => {
    const node = `grid_${i}`;
    lines.push(`  ${node}["${label(`${grid.section} grid: the incident matches a row (${grid.rows.length} rows)`)}"]`, `  incident --> ${node}`);
    const marked = new Set(grid.rows.flatMap((row) => policy.rules.filter((r) => row.rules.includes(r.id)).flatMap((r) => r.then.map((o) => o.referral))));
    for (const target of [...marked].filter((t): t is string => t !== undefined).sort()) lines.push(`  ${node} -- "${label('must, where marked')}" --> ${targetNode(target)}`);
  });
  // A judgement about escalating (its id names a referral target, e.g. "contact-police-or-...")
  // is a decision node on the path: the policy leaves the call to a person.
  const escalationWords = Object.keys(policy.vocabulary.targets).filter((t) => t !== 'parents' && t !== 'school');
  const escalates = (judgement: string) => escalationWords.some((t) => `-${judgement}-`.includes(`-${t}-`));
  const decides = (o: Rule['then'][number]) => o.judgement !== undefined && escalates(o.judgement);
  policy.rules
    .filter((rule) => !gridCites.has(rule.cite) && rule.then.some((o) => o.referral !== undefined || decides(o)))
    .forEach((rule, i) => {
      const node = `r${i + 1}`;
      lines.push(`  ${node}["${label(`${rule.label} (${rule.cite})`)}"]`, `  incident --> ${node}`);
      const resolved = resolvedOutcomes(policy, rule.id);
      rule.then.forEach((o, j) => {
        const actor = o.by !== undefined && Object.hasOwn(policy.vocabulary.targets, o.by) ? policy.vocabulary.targets[o.by] : o.by;
        const by = actor ? `, by ${/^[A-Z][a-z ]/.test(actor) ? actor[0]!.toLowerCase() + actor.slice(1) : actor}` : '';
        const unless = rule.unless ? `, unless ${conditionPhrase(rule.unless, policy.vocabulary)}` : '';
        const edge = [resolved[j]!.modality, o.timing].filter(Boolean).join(', ') + by + unless;
        if (o.referral !== undefined) lines.push(`  ${node} -- "${label(edge)}" --> ${targetNode(o.referral)}`);
        else if (decides(o)) {
          const question = policy.vocabulary.judgements[o.judgement!] ?? o.judgement!;
          lines.push(`  ${node} -.->|"${label(`${edge}: a decision`)}"| ${node}_j{{"${label(question)}"}}`);
        }
      });
    });
  for (const [target, node] of [...targets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const contact = policy.manifest.contacts[target];
    const parts = [policy.vocabulary.targets[target] ?? target, contact?.name, contact?.route, contact?.applies].filter(Boolean) as string[];
    lines.push(`  ${node}[["${parts.map(label).join('<br/>')}"]]`);
  }
  return `${lines.join('\n')}\n`;
}

/** Text safe inside a quoted Mermaid label. */
function label(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
