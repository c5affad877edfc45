import type { IncidentInput } from '../incident/schema.js';
import type { BehaviourChange } from './diff-behaviour.js';
import { structureChanged, type Change, type OutcomeSummary, type PolicyDiff, type RuleChange, type RuleSummary } from './diff.js';

/** How many activity sets a change group lists before "and n more". */
const ACTIVITIES_SHOWN = 4;

/** The diff as plain text, for a terminal. */
export function formatDiffText(d: PolicyDiff): string {
  const out: string[] = [`Policy ${d.old.id}: ${d.old.version} (${d.old.name}) → ${d.new.version} (${d.new.name})`, ''];
  const s = d.structural;
  if (!structureChanged(s)) out.push('Structure: no changes to the manifest or the rules.', '');
  if (s.manifest.length > 0) out.push('Manifest', ...s.manifest.flatMap((c) => changeLines('  ', c.field, c)), '');
  const contacts = [
    ...s.contacts.added.map((c) => `  + ${c.target}: ${contactText(c.contact)}`),
    ...s.contacts.removed.map((c) => `  - ${c.target}: ${contactText(c.contact)}`),
    ...s.contacts.changed.flatMap((c) => c.changes.flatMap((x) => changeLines(`  ~ ${c.target}: `, x.field, x))),
  ];
  if (contacts.length > 0) out.push('Contacts', ...contacts, '');
  const clauses = [
    ...s.clauses.added.map((c) => `  + ${c.id} (${c.section}): ${c.label}${c.says ? ` [${c.says}]` : ''}`),
    ...s.clauses.removed.map((c) => `  - ${c.id} (${c.section}): ${c.label}`),
    ...s.clauses.changed.flatMap((c) => c.changes.flatMap((x) => changeLines(`  ~ ${c.id}: `, x.field, x))),
  ];
  if (clauses.length > 0) out.push('Clause ledger', ...clauses, '');
  if (s.technologies.length > 0) {
    out.push('Communication technologies', ...s.technologies.flatMap((c) => changeLines('  ~ ', c.field, c)), '');
  }
  const terms = [
    ...s.terms.added.map((t) => `  + ${t.catalogue}: ${t.id}: ${t.description}`),
    ...s.terms.removed.map((t) => `  - ${t.catalogue}: ${t.id}: ${t.description}`),
    ...s.terms.changed.flatMap((t) => t.changes.flatMap((x) => changeLines(`  ~ ${t.catalogue}: ${t.id}: `, x.field, x))),
  ];
  if (terms.length > 0) out.push('Vocabulary terms', ...terms, '');
  const rules = [
    ...s.rules.changed.flatMap(ruleChangeText),
    ...s.rules.added.flatMap((r) => ruleText('+', r)),
    ...s.rules.removed.flatMap((r) => ruleText('-', r)),
    ...s.rules.renamed.map((r) => `  renamed ${r.from} → ${r.to} (${r.label}), same content`),
  ];
  if (rules.length > 0) out.push('Rules', ...rules, '');

  const b = d.behaviour;
  out.push(
    b.changed === 0
      ? `Behaviour: no change. ${b.compared} incidents compared; every one gets the same decision under both versions.`
      : `Behaviour: ${b.changed} of ${b.compared} incidents compared get a different decision.`,
    wrap(`Exhaustive over the incident space of both versions: ${b.space}`, '  '),
  );
  for (const c of b.changes) {
    out.push('', `  ${c.summary}: ${count(c.incidents)}`);
    out.push(`    activities: ${activityList(c)}`);
    out.push(`    smallest example: ${exampleText(c.example)}`);
    out.push(`    because: ${becauseText(c)}`);
  }
  return `${out.join('\n')}\n`;
}

/** The diff as Markdown, for a pull-request comment. */
export function formatDiffMarkdown(d: PolicyDiff): string {
  const out: string[] = [`## Policy diff: ${d.old.id} ${d.old.version} → ${d.new.version}`, ''];
  out.push(`Comparing \`${d.old.name}\` (old) with \`${d.new.name}\` (new).`, '');
  const s = d.structural;
  out.push('### What changed in the rule files', '');
  if (!structureChanged(s)) out.push('No changes to the manifest or the rules.', '');
  const fieldRows = (rows: [string, string, Change][]) => [
    '| Where | What | Old | New |',
    '| --- | --- | --- | --- |',
    ...rows.map(([where, what, c]) => `| ${cell(where)} | ${cell(what)} | ${cell(value(c.old))} | ${cell(value(c.new))} |`),
    '',
  ];
  const rows: [string, string, Change][] = [
    ...s.manifest.map((c): [string, string, Change] => ['Manifest', c.field, c]),
    ...s.contacts.added.map((c): [string, string, Change] => [`Contact \`${c.target}\``, 'added', { field: '', old: null, new: contactText(c.contact) }]),
    ...s.contacts.removed.map((c): [string, string, Change] => [`Contact \`${c.target}\``, 'removed', { field: '', old: contactText(c.contact), new: null }]),
    ...s.contacts.changed.flatMap((c) => c.changes.map((x): [string, string, Change] => [`Contact \`${c.target}\``, x.field, x])),
    ...s.clauses.added.map((c): [string, string, Change] => [`Clause \`${c.id}\``, 'added', { field: '', old: null, new: c.label }]),
    ...s.clauses.removed.map((c): [string, string, Change] => [`Clause \`${c.id}\``, 'removed', { field: '', old: c.label, new: null }]),
    ...s.clauses.changed.flatMap((c) => c.changes.map((x): [string, string, Change] => [`Clause \`${c.id}\``, x.field, x])),
    ...s.technologies.map((c): [string, string, Change] => ['Communication technologies', c.field, c]),
    ...s.terms.added.map((t): [string, string, Change] => [`Term \`${t.id}\` (${t.catalogue})`, 'added', { field: '', old: null, new: t.description }]),
    ...s.terms.removed.map((t): [string, string, Change] => [`Term \`${t.id}\` (${t.catalogue})`, 'removed', { field: '', old: t.description, new: null }]),
    ...s.terms.changed.flatMap((t) => t.changes.map((x): [string, string, Change] => [`Term \`${t.id}\` (${t.catalogue})`, x.field, x])),
  ];
  if (rows.length > 0) out.push(...fieldRows(rows));
  const rules = [
    ...s.rules.changed.flatMap((r) => ruleChangeText(r).map(markdownLine)),
    ...s.rules.added.flatMap((r) => ruleText('+', r).map(markdownLine)),
    ...s.rules.removed.flatMap((r) => ruleText('-', r).map(markdownLine)),
    ...s.rules.renamed.map((r) => `- renamed \`${r.from}\` → \`${r.to}\` (${r.label}), same content`),
  ];
  if (rules.length > 0) out.push('**Rules**', '', ...rules, '');

  const b = d.behaviour;
  out.push('### What changes for children and staff', '');
  out.push(
    b.changed === 0
      ? `No change: all ${b.compared} incidents compared get the same decision under both versions.`
      : `**${b.changed} of ${b.compared} incidents compared get a different decision.**`,
    '',
    `<details><summary>The comparison is exhaustive over the incident space of both versions</summary>\n\n${b.space}\n\n</details>`,
    '',
  );
  if (b.changes.length > 0) {
    out.push('| Change | Incidents | Activities | Smallest example | Rules |', '| --- | ---: | --- | --- | --- |');
    for (const c of b.changes) {
      out.push(`| ${cell(c.summary)} | ${c.incidents} | ${cell(activityList(c))} | ${cell(exampleText(c.example))} | ${cell(becauseText(c))} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** "prefix field: old → new" on one line, or as "field was: ..." / "field now: ..." when long. */
function changeLines(prefix: string, field: string, c: Change): string[] {
  const line = `${prefix}${field}: ${value(c.old)} → ${value(c.new)}`;
  if (line.length <= 100) return [line];
  return [`${prefix}${field} was: ${value(c.old)}`, `${' '.repeat(prefix.length)}${field} now: ${value(c.new)}`];
}

function ruleChangeText(r: RuleChange): string[] {
  const lines = [`  ~ ${r.id}: ${r.label}`];
  if (r.cite) lines.push(`      cite: ${r.cite.old} → ${r.cite.new}`);
  if (r.labelChange) lines.push(...changeLines('      ', 'label', r.labelChange));
  if (r.when) lines.push(`      when was: ${r.when.old}`, `      when now: ${r.when.new}`);
  if (r.unless) lines.push(`      unless was: ${r.unless.old ?? '(none)'}`, `      unless now: ${r.unless.new ?? '(none)'}`);
  if (r.override) lines.push(`      overrides was: ${r.override.old ?? '(none)'}`, `      overrides now: ${r.override.new ?? '(none)'}`);
  for (const o of r.outcomes.removed) lines.push(`      - ${outcomeText(o)}`);
  for (const o of r.outcomes.added) lines.push(`      + ${outcomeText(o)}`);
  for (const c of r.outcomes.changed) {
    const parts = [c.modality && `${c.modality.old} → ${c.modality.new}`, c.timing && `timing ${value(c.timing.old)} → ${value(c.timing.new)}`];
    lines.push(`      ~ ${c.outcome.says}: ${parts.filter(Boolean).join(', ')}`);
  }
  return lines;
}

function ruleText(sign: '+' | '-', r: RuleSummary): string[] {
  return [
    `  ${sign} ${r.id} (${r.cite}): ${r.label}`,
    `      when: ${r.when}`,
    ...(r.unless ? [`      unless: ${r.unless}`] : []),
    ...(r.override ? [`      overrides: ${r.override.join(', ')}`] : []),
    ...r.outcomes.map((o) => `      then: ${outcomeText(o)}`),
  ];
}

/** A text line of the rules section as a Markdown list item (nested by its indentation). */
function markdownLine(line: string): string {
  const nested = line.startsWith('      ');
  const word = { '~': 'changed', '+': 'added', '-': 'removed' } as Record<string, string>;
  const text = line
    .trim()
    .replace(/^([~+-]) ([a-z0-9.-]+)(?=[: (])/, (_, sign: string, id: string) => (nested ? `${word[sign]} ${id}` : `${word[sign]} \`${id}\``))
    .replace(/^([~+-]) /, (_, sign: string) => `${word[sign]}: `);
  return `${nested ? '  ' : ''}- ${text}`;
}

function outcomeText(o: OutcomeSummary): string {
  return `${o.says} (${o.modality}${o.timing ? `, ${o.timing}` : ''})`;
}

function contactText(c: { name?: string; role: string; route?: string; applies?: string }): string {
  return [c.name, c.role, c.route, c.applies].filter(Boolean).join(', ');
}

function activityList(c: BehaviourChange): string {
  const shown = c.activities.slice(0, ACTIVITIES_SHOWN).join(', ');
  const more = c.activities.length - ACTIVITIES_SHOWN;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/** A canonical incident in one line: "activity a; subject staff; deliberate: yes". */
export function exampleText(i: IncidentInput): string {
  const parts = [
    `activity ${i.activities.join(' + ')}`,
    ...(i.people ?? []).map((p) => `${p.involvement} ${p.role}`),
    ...(i.technologies ?? []).map((t) => `technology ${t}`),
    ...Object.entries(i.facts ?? {}).map(([f, v]) => `${f}: ${v ? 'yes' : 'no'}`),
  ];
  return parts.join('; ');
}

function becauseText(c: BehaviourChange): string {
  const list = (rs: { rule: string; cite: string }[]) => (rs.length === 0 ? 'no rule' : rs.map((r) => `${r.rule} (${r.cite})`).join(', '));
  if (c.change === 'now') return `now ${list(c.because.new)}`;
  if (c.change === 'no-longer') return `was ${list(c.because.old)}`;
  return `was ${list(c.because.old)}; now ${list(c.because.new)}`;
}

function count(n: number): string {
  return n === 1 ? '1 incident' : `${n} incidents`;
}

function value(v: unknown): string {
  return v === undefined || v === null ? '(none)' : String(v);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Wraps a long paragraph at 100 columns with an indent. */
function wrap(text: string, indent: string): string {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > 100 && line.trim().length > 0) {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}
