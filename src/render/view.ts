import { conditionPhrase, outcomePhrase } from '../decision/phrases.js';
import type { ResolvedOutcome } from '../engine/ir.js';
import { resolvedOutcomes, type Policy } from '../engine/policy.js';
import type { LoadedRule } from '../policy/read.js';
import { OUTCOME_CATALOGUE, OUTCOME_KINDS, type OutcomeSpec, type PermissionMark } from '../policy/schema.js';
import { clauseAnchor, ruleAnchor, toHtml, toMarkdown, type Block, type Inline } from './blocks.js';
import { policyGrids } from './grid.js';
import { escalationFlowchart } from './mermaid.js';

/** The policy as a reviewer reads it, in Markdown (tables, lists, a Mermaid flowchart). */
export function renderMarkdown(policy: Policy): string {
  return toMarkdown(policyView(policy));
}

/** The same view as one self-contained HTML page (no script, no network). */
export function renderHtml(policy: Policy): string {
  return toHtml(policy.title, policyView(policy));
}

/** The escalation paths alone, as Mermaid source. */
export function renderMermaid(policy: Policy): string {
  return escalationFlowchart(policy);
}

const MARK_WORDS: Record<PermissionMark, string> = {
  allowed: 'Allowed',
  'certain-times': 'Allowed at certain times',
  'select-staff': 'Allowed for selected staff',
  'staff-permission': 'Allowed with staff permission',
  'not-allowed': 'Not allowed',
};

export function policyView(policy: Policy): Block[] {
  const m = policy.manifest;
  const ruleLinks = (ids: string[]): Inline[] => ids.flatMap((id, i) => [...(i > 0 ? [', '] : []), { link: ruleAnchor(id), text: id }]);
  const citing = (cite: string) => policy.rules.filter((r) => r.cite === cite).map((r) => r.id);
  const blocks: Block[] = [
    { kind: 'heading', level: 1, text: m.title },
    {
      kind: 'paragraph',
      text: [
        `Owner: ${m.owner}. Version ${m.version}. Approved: ${m.approvedOn ?? 'not recorded'}${m.approvedBy ? ` (${m.approvedBy})` : ''}. `,
        `Next review: ${m.nextReviewDueAsWritten ?? m.nextReviewDue ?? 'not recorded'}. Source: `,
        { code: m.source },
        '. Rule files digest: ',
        { code: policy.digest },
        '.',
      ],
    },
  ];

  const contacts = Object.entries(m.contacts);
  if (contacts.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Contacts' });
    blocks.push({
      kind: 'table',
      head: ['For', 'Name', 'Role', 'Route', 'Applies'],
      rows: contacts.map(([target, c]) => [[{ code: target }], [c.name ?? ''], [c.role], [c.route ?? ''], [c.applies ?? '']]),
    });
  }

  for (const grid of policyGrids(policy)) {
    blocks.push({ kind: 'heading', level: 2, text: `${grid.section} (grid)` });
    blocks.push({ kind: 'paragraph', text: ['Each row as the policy lays it out; marks as in the policy (L = LADO, P = Police). Each row links to its clause and rules.'] });
    blocks.push({
      kind: 'table',
      head: ['Incidents', ...grid.columns.map((c) => c.heading), 'Rules'],
      align: ['left', ...grid.columns.map(() => 'center' as const), 'left'],
      rows: grid.rows.map((row) => [
        [{ link: clauseAnchor(row.clause.id), text: row.text }],
        ...row.cells.map((marks): Inline[] => [marks.join(', ')]),
        ruleLinks(row.rules),
      ]),
    });
  }

  // Classifications the communication-technologies table already shows are not listed twice.
  const tableClauses = new Set((m.communicationTechnologies?.rows ?? []).map((r) => r.clause));
  const classifications = classificationLists(policy).filter((c) => !c.rules.every((r) => tableClauses.has(r.cite)));
  if (classifications.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Classifications' });
    for (const c of classifications) {
      blocks.push({ kind: 'heading', level: 3, text: c.label });
      blocks.push({
        kind: 'list',
        items: c.rules.map((r) => [
          { link: clauseAnchor(r.cite), text: r.cite },
          `: ${r.label} (${r.modality}) — `,
          { link: ruleAnchor(r.id), text: r.id },
        ]),
      });
    }
  }

  const table = m.communicationTechnologies;
  if (table) {
    blocks.push({ kind: 'heading', level: 2, text: 'Communication technologies' });
    blocks.push({
      kind: 'table',
      head: ['Communication technologies', table.columns.staff.heading, table.columns.pupil.heading, 'Rules'],
      rows: table.rows.map((row) => [
        [{ link: clauseAnchor(row.clause), text: policy.vocabulary.technologies[row.technology] ?? row.technology }],
        [row.staff.map((x) => MARK_WORDS[x]).join('; ')],
        [row.pupil.map((x) => MARK_WORDS[x]).join('; ')],
        ruleLinks(citing(row.clause)),
      ]),
    });
  }

  blocks.push({ kind: 'heading', level: 2, text: 'Escalation paths' });
  blocks.push({ kind: 'paragraph', text: ['Who an incident goes to, on which condition, with what force (Mermaid flowchart).'] });
  blocks.push({ kind: 'code', language: 'mermaid', text: escalationFlowchart(policy) });

  blocks.push({ kind: 'heading', level: 2, text: 'Clause ledger' });
  blocks.push({
    kind: 'table',
    head: ['Clause', 'Section', 'Says', 'What it says', 'Rules'],
    rows: m.clauses.map((c) => {
      const ids = citing(c.id);
      return [
        [{ anchor: clauseAnchor(c.id), text: c.id }],
        [c.section],
        [c.says ?? ''],
        [c.label],
        c.notExecutable ? [`not executable: ${c.notExecutable}`] : ids.length > 0 ? ruleLinks(ids) : ['(no rule)'],
      ];
    }),
  });

  blocks.push({ kind: 'heading', level: 2, text: 'Rules' });
  for (const rule of policy.rules) {
    blocks.push({ kind: 'anchor', id: ruleAnchor(rule.id) });
    blocks.push({ kind: 'heading', level: 3, text: rule.id });
    blocks.push({
      kind: 'paragraph',
      text: [`${rule.label}. Clause `, { link: clauseAnchor(rule.cite), text: rule.cite }, '; ', { code: `${rule.file}:${rule.line}` }, '.'],
    });
    blocks.push({
      kind: 'list',
      items: [
        [`When ${conditionPhrase(rule.when, policy.vocabulary)}`],
        ...(rule.unless ? [[`Unless ${conditionPhrase(rule.unless, policy.vocabulary)}`] as Inline[]] : []),
        ...(rule.override ? [[`Overrides ${rule.override.join(', ')} (where this rule applies, they do not)`] as Inline[]] : []),
        ...resolvedOutcomes(policy, rule.id).map((o): Inline[] => [`Then: ${outcomeText(o, policy.vocabulary)}`]),
      ],
    });
  }
  return blocks;
}

function outcomeText(o: ResolvedOutcome, vocabulary: Policy['vocabulary']): string {
  const says = outcomePhrase(o, vocabulary);
  const force = [o.modality, o.timing].filter(Boolean).join(', ');
  const named = o.contact ? ` — ${[o.contact.name, o.contact.route, o.contact.applies].filter(Boolean).join(', ')}` : '';
  return `${says} (${force})${named}`;
}

/** For each classification the rules give (e.g. MAST 8.1 / 8.2 / 8.3), the rules in ledger order. */
export function classificationLists(policy: Policy): {
  target: string;
  label: string;
  rules: { id: string; cite: string; label: string; modality: string }[];
}[] {
  const order = new Map(policy.manifest.clauses.map((c, i) => [c.id, i]));
  const targets = Object.keys(policy.vocabulary.classifications).filter((t) => policy.rules.some((r) => r.then.some((o) => o.classification === t)));
  return targets.map((target) => ({
    target,
    label: policy.vocabulary.classifications[target]!,
    rules: policy.rules
      .flatMap((r) => resolvedOutcomes(policy, r.id).filter((o) => o.kind === 'classification' && o.target === target).map((o) => ({ id: r.id, cite: r.cite, label: r.label, modality: o.modality })))
      .sort((a, b) => (order.get(a.cite) ?? 0) - (order.get(b.cite) ?? 0)),
  }));
}
