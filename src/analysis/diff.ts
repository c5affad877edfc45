import { conditionPhrase, outcomePhrase } from '../decision/phrases.js';
import { resolvedOutcomes, type Policy } from '../engine/policy.js';
import type { LoadedRule } from '../policy/read.js';
import { OUTCOME_CATALOGUE, OUTCOME_KINDS, type Clause, type Contact, type Manifest, type Rule } from '../policy/schema.js';
import { CATALOGUES, type Vocabulary } from '../vocabulary/schema.js';
import { diffBehaviour, type BehaviourDiff } from './diff-behaviour.js';

/** One value that changed: what it was and what it is (null: not set). */
export interface Change<T = unknown> {
  field: string;
  old: T | null;
  new: T | null;
}

/** A rule's outcome, as a reviewer reads it. */
export interface OutcomeSummary {
  kind: string;
  target: string;
  by?: string;
  modality: string;
  timing?: string;
  /** "Refer to the headteacher". */
  says: string;
}

export interface RuleSummary {
  id: string;
  cite: string;
  label: string;
  /** The condition in words. */
  when: string;
  /** Its exception in words, and the rules it overrides. */
  unless?: string;
  override?: string[];
  outcomes: OutcomeSummary[];
  file: string;
}

export interface RuleChange {
  id: string;
  label: string;
  cite?: Change<string>;
  labelChange?: Change<string>;
  /** The condition in words, before and after. */
  when?: Change<string>;
  /** The exception in words, before and after (null: none). */
  unless?: Change<string>;
  /** The rules it overrides, before and after (null: none). */
  override?: Change<string>;
  outcomes: {
    added: OutcomeSummary[];
    removed: OutcomeSummary[];
    /** Same outcome (kind, target, who acts), different force or timing. */
    changed: { outcome: OutcomeSummary; modality?: Change<string>; timing?: Change<string> }[];
  };
}

/** The structural diff: the manifest and the rules, compared in policy terms. */
export interface StructuralDiff {
  /** Identity, dates, owner and source: the manifest's single values. */
  manifest: Change[];
  contacts: { added: { target: string; contact: Contact }[]; removed: { target: string; contact: Contact }[]; changed: { target: string; changes: Change[] }[] };
  clauses: { added: Clause[]; removed: Clause[]; changed: { id: string; changes: Change[] }[] };
  /** The communication-technologies table, cell by cell (technology, column). */
  technologies: Change<string>[];
  /** Vocabulary terms the policies are read with (a school's own terms), by catalogue; changed: the description. */
  terms: { added: TermSummary[]; removed: TermSummary[]; changed: { catalogue: string; id: string; changes: Change[] }[] };
  rules: { added: RuleSummary[]; removed: RuleSummary[]; renamed: { from: string; to: string; label: string }[]; changed: RuleChange[] };
}

/** A vocabulary term: its catalogue (activities, duties, ...), id and description. */
export interface TermSummary {
  catalogue: string;
  id: string;
  description: string;
}

export interface PolicyRef {
  id: string;
  version: string;
  digest: string;
  /** How the caller named it (folder, or folder @ git ref). */
  name: string;
}

export interface PolicyDiff {
  old: PolicyRef;
  new: PolicyRef;
  structural: StructuralDiff;
  behaviour: BehaviourDiff;
}

export interface DiffOptions {
  /** Display names for the two versions (default: their folders). */
  names?: { old: string; new: string };
}

/** Compares two versions of a policy: structurally (manifest, rules) and by behaviour over the incident space. */
export async function diffPolicies(oldPolicy: Policy, newPolicy: Policy, options: DiffOptions = {}): Promise<PolicyDiff> {
  const ref = (p: Policy, name: string): PolicyRef => ({ id: p.id, version: p.version, digest: p.digest, name });
  return {
    old: ref(oldPolicy, options.names?.old ?? oldPolicy.dir),
    new: ref(newPolicy, options.names?.new ?? newPolicy.dir),
    structural: diffStructure(oldPolicy, newPolicy),
    behaviour: await diffBehaviour(oldPolicy, newPolicy),
  };
}

/** Whether the structural diff found anything. */
export function structureChanged(s: StructuralDiff): boolean {
  const lists = [
    s.manifest,
    s.contacts.added,
    s.contacts.removed,
    s.contacts.changed,
    s.clauses.added,
    s.clauses.removed,
    s.clauses.changed,
    s.technologies,
    s.terms.added,
    s.terms.removed,
    s.terms.changed,
    s.rules.added,
    s.rules.removed,
    s.rules.renamed,
    s.rules.changed,
  ];
  return lists.some((l) => l.length > 0);
}

const MANIFEST_FIELDS = ['id', 'title', 'owner', 'version', 'approvedOn', 'approvedBy', 'nextReviewDueAsWritten', 'nextReviewDue', 'source'] as const;
const CONTACT_FIELDS = ['name', 'role', 'route', 'applies'] as const;
const CLAUSE_FIELDS = ['section', 'label', 'says', 'notExecutable'] as const;

export function diffStructure(oldPolicy: Policy, newPolicy: Policy): StructuralDiff {
  const o = oldPolicy.manifest;
  const n = newPolicy.manifest;
  return {
    manifest: [...fieldChanges(o, n, MANIFEST_FIELDS), ...timingChanges(o, n)],
    contacts: diffKeyed(
      o.contacts,
      n.contacts,
      (target, contact) => ({ target, contact }),
      (target, a, b) => ({ target, changes: fieldChanges(a, b, CONTACT_FIELDS) }),
    ),
    clauses: diffKeyed(
      Object.fromEntries(o.clauses.map((c) => [c.id, c])),
      Object.fromEntries(n.clauses.map((c) => [c.id, c])),
      (_, clause) => clause,
      (id, a, b) => ({ id, changes: fieldChanges(a, b, CLAUSE_FIELDS) }),
    ),
    technologies: diffTechnologies(o, n),
    terms: diffTerms(oldPolicy.vocabulary, newPolicy.vocabulary),
    rules: diffRules(oldPolicy, newPolicy),
  };
}

/** The terms one vocabulary has and the other not, or describes otherwise, catalogue by catalogue. */
function diffTerms(a: Vocabulary, b: Vocabulary): StructuralDiff['terms'] {
  const out: StructuralDiff['terms'] = { added: [], removed: [], changed: [] };
  if (a === b) return out;
  const description = (v: Vocabulary, catalogue: (typeof TERM_CATALOGUES)[number], id: string) =>
    catalogue === 'facts' ? v.facts[id]!.description : v[catalogue][id]!;
  for (const catalogue of TERM_CATALOGUES) {
    const d = diffKeyed(
      a[catalogue] as Record<string, unknown>,
      b[catalogue] as Record<string, unknown>,
      (id): TermSummary => ({ catalogue, id, description: description(id in b[catalogue] ? b : a, catalogue, id) }),
      (id) => ({ catalogue, id, changes: fieldChanges({ description: description(a, catalogue, id) }, { description: description(b, catalogue, id) }, ['description']) }),
    );
    out.added.push(...d.added);
    out.removed.push(...d.removed);
    out.changed.push(...d.changed);
  }
  return out;
}

const TERM_CATALOGUES = [...CATALOGUES, 'facts'] as const;

/**
 * What the school's timings mean (one change per timing) and the days it is closed (one change
 * per day added or removed): each changes when an outcome is due, though no rule changes.
 */
function timingChanges(a: Manifest, b: Manifest): Change[] {
  const out: Change[] = [];
  for (const timing of [...new Set([...Object.keys(a.timings ?? {}), ...Object.keys(b.timings ?? {})])].sort()) {
    const was = (a.timings as Record<string, string | undefined> | undefined)?.[timing] ?? null;
    const now = (b.timings as Record<string, string | undefined> | undefined)?.[timing] ?? null;
    if (was !== now) out.push({ field: `timings.${timing}`, old: was, new: now });
  }
  const before = new Set(a.closureDays ?? []);
  const after = new Set(b.closureDays ?? []);
  for (const day of [...new Set([...before, ...after])].sort()) {
    if (before.has(day) !== after.has(day)) out.push({ field: 'closure day', old: before.has(day) ? day : null, new: after.has(day) ? day : null });
  }
  return out;
}

function fieldChanges<T extends object>(a: T, b: T, fields: readonly (keyof T & string)[]): Change[] {
  return fields.filter((f) => !same(a[f], b[f])).map((f) => ({ field: f, old: a[f] ?? null, new: b[f] ?? null }));
}

/** Added, removed and changed entries of two maps keyed by id, in key order. */
function diffKeyed<V, A, C extends { changes: Change[] }>(
  a: Record<string, V>,
  b: Record<string, V>,
  entry: (key: string, value: V) => A,
  change: (key: string, a: V, b: V) => C,
): { added: A[]; removed: A[]; changed: C[] } {
  const keys = (r: Record<string, V>) => Object.keys(r).sort();
  return {
    added: keys(b).filter((k) => !(k in a)).map((k) => entry(k, b[k]!)),
    removed: keys(a).filter((k) => !(k in b)).map((k) => entry(k, a[k]!)),
    changed: keys(a)
      .filter((k) => k in b)
      .map((k) => change(k, a[k]!, b[k]!))
      .filter((c) => c.changes.length > 0),
  };
}

function diffTechnologies(a: Manifest, b: Manifest): Change<string>[] {
  const cells = (m: Manifest) => {
    const out = new Map<string, string>();
    for (const row of m.communicationTechnologies?.rows ?? []) {
      for (const column of ['staff', 'pupil'] as const) {
        const heading = m.communicationTechnologies!.columns[column].heading;
        out.set(`${row.technology} / ${heading}`, row[column].join(', '));
      }
    }
    return out;
  };
  const before = cells(a);
  const after = cells(b);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return keys.filter((k) => before.get(k) !== after.get(k)).map((k) => ({ field: k, old: before.get(k) ?? null, new: after.get(k) ?? null }));
}

function diffRules(oldPolicy: Policy, newPolicy: Policy): StructuralDiff['rules'] {
  const before = new Map(oldPolicy.rules.map((r) => [r.id, r]));
  const after = new Map(newPolicy.rules.map((r) => [r.id, r]));
  let removed = oldPolicy.rules.filter((r) => !after.has(r.id));
  let added = newPolicy.rules.filter((r) => !before.has(r.id));
  // A rule whose id changed but whose content did not is a rename, not a removal and an addition.
  const renamed: { from: string; to: string; label: string }[] = [];
  for (const r of [...removed]) {
    const twin = added.find((a) => same(content(a), content(r)));
    if (!twin) continue;
    renamed.push({ from: r.id, to: twin.id, label: r.label });
    removed = removed.filter((x) => x !== r);
    added = added.filter((x) => x !== twin);
  }
  const changed = oldPolicy.rules
    .filter((r) => after.has(r.id))
    .map((r) => ruleChange(r, after.get(r.id)!, oldPolicy, newPolicy))
    .filter((c): c is RuleChange => c !== undefined);
  return {
    added: added.map((r) => summary(r, newPolicy)),
    removed: removed.map((r) => summary(r, oldPolicy)),
    renamed,
    changed,
  };
}

function content(r: Rule): unknown {
  const { id: _id, file: _file, line: _line, ...rest } = r as LoadedRule;
  return rest;
}

function ruleChange(a: LoadedRule, b: LoadedRule, oldPolicy: Policy, newPolicy: Policy): RuleChange | undefined {
  const change: RuleChange = { id: a.id, label: b.label, outcomes: { added: [], removed: [], changed: [] } };
  if (a.cite !== b.cite) change.cite = { field: 'cite', old: a.cite, new: b.cite };
  if (a.label !== b.label) change.labelChange = { field: 'label', old: a.label, new: b.label };
  if (!same(a.when, b.when)) {
    change.when = { field: 'when', old: conditionPhrase(a.when, oldPolicy.vocabulary), new: conditionPhrase(b.when, newPolicy.vocabulary) };
  }
  if (!same(a.unless, b.unless)) {
    const phrase = (c: Rule['unless'], p: Policy) => (c ? conditionPhrase(c, p.vocabulary) : null);
    change.unless = { field: 'unless', old: phrase(a.unless, oldPolicy), new: phrase(b.unless, newPolicy) };
  }
  if (!same(a.override, b.override)) change.override = { field: 'override', old: a.override?.join(', ') ?? null, new: b.override?.join(', ') ?? null };
  const key = (o: OutcomeSummary) => `${o.kind}\0${o.target}\0${o.by ?? ''}`;
  const before = new Map(outcomesOf(a, oldPolicy).map((o) => [key(o), o]));
  const after = new Map(outcomesOf(b, newPolicy).map((o) => [key(o), o]));
  for (const [k, o] of after) if (!before.has(k)) change.outcomes.added.push(o);
  for (const [k, o] of before) if (!after.has(k)) change.outcomes.removed.push(o);
  for (const [k, o] of before) {
    const n = after.get(k);
    if (!n || (n.modality === o.modality && n.timing === o.timing)) continue;
    const entry: RuleChange['outcomes']['changed'][number] = { outcome: n };
    if (n.modality !== o.modality) entry.modality = { field: 'modality', old: o.modality, new: n.modality };
    if (n.timing !== o.timing) entry.timing = { field: 'timing', old: o.timing ?? null, new: n.timing ?? null };
    change.outcomes.changed.push(entry);
  }
  const o = change.outcomes;
  const any = change.cite || change.labelChange || change.when || change.unless || change.override || o.added.length + o.removed.length + o.changed.length > 0;
  return any ? change : undefined;
}

function summary(r: LoadedRule, policy: Policy): RuleSummary {
  const out: RuleSummary = { id: r.id, cite: r.cite, label: r.label, when: conditionPhrase(r.when, policy.vocabulary), outcomes: outcomesOf(r, policy), file: r.file };
  if (r.unless) out.unless = conditionPhrase(r.unless, policy.vocabulary);
  if (r.override) out.override = [...r.override];
  return out;
}

/** A rule's outcomes with their effective force (the outcome's own, else the rule's). */
export function outcomesOf(r: Rule, policy: Policy): OutcomeSummary[] {
  return resolvedOutcomes(policy, r.id).map((o) => {
    const out: OutcomeSummary = { kind: o.kind, target: o.target, modality: o.modality, says: outcomePhrase(o, policy.vocabulary) };
    if (o.by !== undefined) out.by = o.by;
    if (o.timing !== undefined) out.timing = o.timing;
    return out;
  });
}

/** Equal as data, whatever the key order (fmt reorders keys; that is no change). */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
