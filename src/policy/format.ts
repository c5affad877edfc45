import { isMap, isScalar, isSeq, parse, parseDocument, visit, type Document, type Node, type YAMLMap } from 'yaml';
import { OUTCOME_KINDS } from './schema.js';
import { parseSource } from './source.js';

/**
 * The canonical layout of rule files, manifests and the vocabulary, so that a diff between two
 * versions shows only real changes: keys in the schema's order (unknown keys after, as written),
 * strings plain unless YAML needs quotes (then single quotes), two-space indentation with list
 * items indented under their key, no line folding, flow lists kept as flow lists (`[a, b]`),
 * comments and blank lines kept. Formatting twice gives the same text.
 */

/** Key orders per kind of map, as the schemas declare them. */
const ORDER = {
  manifest: ['extends', 'id', 'title', 'owner', 'version', 'approvedOn', 'approvedBy', 'nextReviewDueAsWritten', 'nextReviewDue', 'source', 'scope', 'timings', 'closureDays', 'contacts', 'clauses', 'communicationTechnologies', 'textCoverage'],
  contact: ['name', 'role', 'phone', 'route', 'applies'],
  clause: ['id', 'section', 'label', 'says', 'notExecutable', 'delegated', 'locked', 'note', 'quote', 'quoteUnder'],
  textCoverage: ['sections', 'outOfScope'],
  textSection: ['heading', 'until'],
  outOfScope: ['quote', 'quoteUnder', 'reason'],
  technologies: ['columns', 'rows'],
  technologyColumns: ['staff', 'pupil'],
  technologyColumn: ['heading', 'roles'],
  technologyRow: ['technology', 'clause', 'staff', 'pupil'],
  rule: ['id', 'cite', 'label', 'modality', 'when', 'unless', 'override', 'then'],
  outcome: [...OUTCOME_KINDS, 'modality', 'by', 'timing'],
  vocabulary: ['roles', 'involvement', 'activities', 'facts', 'targets', 'sanctions', 'duties', 'classifications', 'judgements', 'technologies'],
  fact: ['description', 'question', 'aliases'],
} as const;

/** A file fmt cannot read: its YAML does not parse. */
export class FormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(`${file}:${line}:${column}: ${message}`);
    this.name = 'FormatError';
  }
}

/**
 * The canonical text of one YAML file of a policy folder (policy.yaml, a rule file, or
 * vocabulary.yaml; any other YAML gets the layout without key reordering). Throws FormatError
 * when the text is not valid YAML, is empty, or holds what the loader refuses (a tag, an alias).
 * The data never changes, only its layout.
 */
export function formatPolicyFile(file: string, text: string): string {
  // What the loader refuses in the YAML itself (tags, aliases, __proto__, ...) is not laid out either.
  const refused = parseSource(file, text).diagnostics[0];
  if (refused && refused.code !== 'yaml-syntax' && refused.code !== 'duplicate-key') throw new FormatError(file, refused.line, refused.column, refused.message);
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const [line, column] = e.linePos?.[0] ? [e.linePos[0].line, e.linePos[0].col] : [1, 1];
    throw new FormatError(file, line, column, e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''));
  }
  const root = doc.contents;
  // An empty file would be written as "null": a different document, and not a policy file.
  if (root === null) throw new FormatError(file, 1, 1, 'the file is empty (a policy YAML file holds a mapping); nothing to format');
  if (isMap(root)) {
    // The file's own name, from a path with either separator (no node:path: formatting runs anywhere).
    const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    if (name === 'policy.yaml') orderManifest(root);
    else if (name === 'vocabulary.yaml') orderVocabulary(root);
    else if (root.has('rules')) orderRuleFile(root);
  }
  // Strings are written plain when they can be, so quoting is the formatter's, not the author's.
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === 'string') node.type = undefined;
    },
  });
  const out = stringify(doc);
  // A formatter must never change what the file says.
  if (canonical(parse(out)) !== canonical(parse(text))) throw new Error(`internal: formatting ${file} would change its data`);
  return out;
}

function stringify(doc: Document): string {
  const text = doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, singleQuote: true, flowCollectionPadding: false });
  return `${text.trimEnd()}\n`;
}

function orderManifest(map: YAMLMap): void {
  sortKeys(map, ORDER.manifest);
  const contacts = map.get('contacts', true);
  if (isMap(contacts)) for (const pair of contacts.items) if (isMap(pair.value)) sortKeys(pair.value, ORDER.contact);
  eachMapIn(map.get('clauses', true), (clause) => sortKeys(clause, ORDER.clause));
  const table = map.get('communicationTechnologies', true);
  if (isMap(table)) {
    sortKeys(table, ORDER.technologies);
    const columns = table.get('columns', true);
    if (isMap(columns)) {
      sortKeys(columns, ORDER.technologyColumns);
      for (const pair of columns.items) if (isMap(pair.value)) sortKeys(pair.value, ORDER.technologyColumn);
    }
    eachMapIn(table.get('rows', true), (row) => sortKeys(row, ORDER.technologyRow));
  }
  const coverage = map.get('textCoverage', true);
  if (isMap(coverage)) {
    sortKeys(coverage, ORDER.textCoverage);
    eachMapIn(coverage.get('sections', true), (section) => sortKeys(section, ORDER.textSection));
    eachMapIn(coverage.get('outOfScope', true), (entry) => sortKeys(entry, ORDER.outOfScope));
  }
}

function orderRuleFile(map: YAMLMap): void {
  eachMapIn(map.get('rules', true), (rule) => {
    sortKeys(rule, ORDER.rule);
    eachMapIn(rule.get('then', true), (outcome) => sortKeys(outcome, ORDER.outcome));
  });
}

function orderVocabulary(map: YAMLMap): void {
  sortKeys(map, ORDER.vocabulary);
  const facts = map.get('facts', true);
  if (isMap(facts)) for (const pair of facts.items) if (isMap(pair.value)) sortKeys(pair.value, ORDER.fact);
}

function eachMapIn(node: unknown, visitMap: (map: YAMLMap) => void): void {
  if (isSeq(node)) for (const item of node.items) if (isMap(item)) visitMap(item);
}

/** Reorders a map's pairs: known keys in `order`, then the others as written. Stable. */
function sortKeys(map: YAMLMap, order: readonly string[]): void {
  const rank = (key: unknown) => {
    const name = isScalar(key) ? String(key.value) : String(key);
    const i = order.indexOf(name);
    return i === -1 ? order.length : i;
  };
  const sorted = map.items.map((pair, i) => ({ pair, i, r: rank(pair.key) })).sort((a, b) => a.r - b.r || a.i - b.i);
  // A blank line or comment before the first key belongs to the map's position, not to that key.
  const firstKey = map.items[0]?.key as Node | undefined;
  const lead = firstKey && isScalar(firstKey) ? { spaceBefore: firstKey.spaceBefore, commentBefore: firstKey.commentBefore } : undefined;
  map.items = sorted.map((s) => s.pair);
  const newFirst = map.items[0]?.key as Node | undefined;
  if (lead && newFirst !== firstKey && isScalar(newFirst) && isScalar(firstKey)) {
    firstKey.spaceBefore = undefined;
    firstKey.commentBefore = undefined;
    newFirst.spaceBefore = lead.spaceBefore;
    newFirst.commentBefore = lead.commentBefore;
  }
}

/** Data as text with map keys sorted, for comparing before and after. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
