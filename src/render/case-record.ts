import { clauseText, outcomePhrase } from '../decision/explain.js';
import { contactText, planLineText } from '../decision/plan.js';
import { GROUP_OF_KIND, type Decision, type Outcome, type PlanLine } from '../decision/schema.js';
import { inForceText } from '../decision/phrases.js';
import type { Policy } from '../engine/policy.js';
import type { Incident } from '../incident/schema.js';
import { OUTCOME_KINDS } from '../policy/schema.js';
import { toHtml, toMarkdown, type Block, type Inline } from './blocks.js';

/** What a case record is made of: the incident, its decision under the policy, and the day it was made. */
export interface CaseRecord {
  incident: Incident;
  decision: Decision;
  policy: Policy;
  /** The date of the evaluation (YYYY-MM-DD). */
  evaluatedOn: string;
}

/** The case record as a school files it, in Markdown. */
export function caseRecordMarkdown(record: CaseRecord): string {
  return toMarkdown(caseRecordBlocks(record));
}

/** The case record as one printable HTML page: styles inline, a print stylesheet, nothing fetched. */
export function caseRecordHtml(record: CaseRecord): string {
  return toHtml(title(record), caseRecordBlocks(record));
}

function title(r: CaseRecord): string {
  return `Online safety case record${r.decision.incident.id === null ? '' : `: ${r.decision.incident.id}`}`;
}

/**
 * The record: the incident, the action plan, every outcome with its clauses, the questions still
 * open, and the policy's identity (id, version, digest) with the date it was evaluated.
 */
export function caseRecordBlocks(r: CaseRecord): Block[] {
  const { incident, decision, policy } = r;
  const v = policy.vocabulary;
  const plan = decision.plan;
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: title(r) }];
  blocks.push({
    kind: 'table',
    head: ['', ''],
    rows: [
      [['Policy'], [`${policy.title} (${policy.id}), version ${policy.version}`]],
      // Which version decided, and why, when a date chose it (a folder keeping earlier versions).
      ...(inForceText(decision) === undefined ? [] : [[['Version in force'], [inForceText(decision)!]] as Inline[][]]),
      [['Digest'], [{ code: policy.digest }]],
      [['Evaluated on'], [r.evaluatedOn]],
    ],
  });

  blocks.push({ kind: 'heading', level: 2, text: 'Incident' });
  const facts = Object.entries(incident.facts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  blocks.push({
    kind: 'table',
    head: ['', ''],
    rows: [
      [['Reference'], [incident.id ?? '(none)']],
      [['Date'], [incident.date ?? '(not given)']],
      [['Summary'], [incident.summary ?? '(none)']],
      [['People'], [incident.people.map((p) => `${v.roles[p.role] ?? p.role} (${p.involvement})${p.name ? `: ${p.name}` : ''}`).join('; ') || '(none named)']],
      [['Activities'], [incident.activities.map((a) => v.activities[a] ?? a).join('; ')]],
      [['Technologies'], [incident.technologies.map((t) => v.technologies[t] ?? t).join('; ') || '(none named)']],
      [['Known facts'], [facts.map(([f, value]) => `${f}: ${value ? 'yes' : 'no'}`).join('; ') || '(none)']],
    ],
  });

  blocks.push({ kind: 'heading', level: 2, text: 'Action plan' });
  if (plan.classified.length > 0) blocks.push({ kind: 'paragraph', text: [`Classified: ${plan.classified.join('; ')}.`] });
  blocks.push({ kind: 'heading', level: 3, text: 'Do now' });
  blocks.push(plan.doNow.length > 0 ? { kind: 'list', items: plan.doNow.map((l) => lineItem(l, policy, true)) } : { kind: 'paragraph', text: ['Nothing immediate.'] });
  if (plan.doNext.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Do next' });
    for (const g of plan.doNext) {
      blocks.push({ kind: 'paragraph', text: [`${g.title}:`] });
      blocks.push({ kind: 'list', items: g.lines.map((l) => lineItem(l, policy, false)) });
    }
  }
  if (plan.decide.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Decide (left to a person)' });
    blocks.push({ kind: 'list', items: plan.decide.map((l) => lineItem(l, policy, true)) });
  }

  blocks.push({ kind: 'heading', level: 2, text: 'Open questions' });
  blocks.push(
    plan.ask.length > 0
      ? { kind: 'list', items: plan.ask.map((q) => [`${q.ask}${q.wouldAdd.length ? ` Would add: ${q.wouldAdd.join('; ')}.` : ''}${q.wouldRemove ? ` Would remove: ${q.wouldRemove.join('; ')}.` : ''}`]) }
      : { kind: 'paragraph', text: ['None: no unknown fact would change the decision.'] },
  );

  blocks.push({ kind: 'heading', level: 2, text: 'Outcomes, with the clauses they come from' });
  const outcomes = OUTCOME_KINDS.flatMap((k) => decision[GROUP_OF_KIND[k]]);
  blocks.push(
    outcomes.length > 0
      ? {
          kind: 'table',
          head: ['Force', 'Outcome', 'Timing', 'Contact', 'Clauses'],
          rows: outcomes.map((o) => [[o.modality], [outcomePhrase(o, v)], [o.timing ?? ''], [o.contact ? contactText(o.contact) : ''], citations(o, policy)]),
        }
      : { kind: 'paragraph', text: ['The policy requires nothing for this incident as described.'] },
  );

  if (decision.warnings.length > 0) {
    blocks.push({ kind: 'heading', level: 2, text: 'Warnings' });
    blocks.push({ kind: 'list', items: decision.warnings.map((w) => [w.message]) });
  }
  return blocks;
}

function lineItem(line: PlanLine, policy: Policy, actor: boolean): Inline[] {
  const text = `${planLineText(line, policy.vocabulary, { actor, contacts: 'all' })} (${line.modality}; `;
  return [text, ...line.because.flatMap((r, i) => [...(i > 0 ? [', '] : []), { code: r.cite }]), ')'];
}

function citations(o: Outcome, policy: Policy): Inline[] {
  return o.because.flatMap((r, i) => [...(i > 0 ? ['; '] : []), clauseText(policy, r.cite)]);
}

/** The CSV columns: one row per outcome (and one per line of a batch that was not an incident). */
export const CSV_COLUMNS = ['incident', 'line', 'policy', 'version', 'evaluated_on', 'plan_section', 'kind', 'target', 'label', 'modality', 'by', 'timing', 'contact', 'clauses'] as const;

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

/**
 * One CSV row per outcome of the decision, with the plan section it sits in (do-now, do-next,
 * decide; classified for a classification). RFC 4180: CRLF, fields quoted where needed.
 */
export function csvRows(decision: Decision, evaluatedOn: string, line?: number): string {
  const section = new Map<string, string>();
  const mark = (lines: PlanLine[], name: string) => {
    for (const l of lines) for (const k of l.kinds) section.set(`${k}\0${l.target}`, name);
  };
  mark(decision.plan.doNow, 'do-now');
  for (const g of decision.plan.doNext) mark(g.lines, 'do-next');
  mark(decision.plan.decide, 'decide');
  const rows = OUTCOME_KINDS.flatMap((k) => decision[GROUP_OF_KIND[k]]).map((o) =>
    csvRow([
      decision.incident.id ?? '',
      line === undefined ? '' : String(line),
      decision.policy.id,
      decision.policy.version,
      evaluatedOn,
      o.kind === 'classification' ? 'classified' : (section.get(`${o.kind}\0${o.target}`) ?? ''),
      o.kind,
      o.target,
      o.label,
      o.modality,
      o.by ?? '',
      o.timing ?? '',
      o.contact ? contactText(o.contact) : '',
      o.because.map((r) => r.cite).join(' '),
    ]),
  );
  return rows.join('');
}

/** A row for a batch line that is not a valid incident: kind "error", the code and the message. */
export function csvErrorRow(line: number, policy: Pick<Policy, 'id' | 'version'>, evaluatedOn: string, code: string, message: string): string {
  return csvRow(['', String(line), policy.id, policy.version, evaluatedOn, '', 'error', code, message, '', '', '', '', '']);
}

function csvRow(fields: string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(text: string): string {
  // A leading = + - @ would be read as a formula by a spreadsheet; a quote keeps it text.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}
