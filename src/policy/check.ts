import { termHints } from '../vocabulary/aliases.js';
import type { CatalogueName, Vocabulary } from '../vocabulary/schema.js';
import type { Diagnostic } from './diagnostics.js';
import { CONDITION_KEYS, OUTCOME_CATALOGUE, OUTCOME_KINDS, ROLE_KEYS, type Condition, type Manifest, type Rule } from './schema.js';
import type { SourceFile } from './source.js';
import { checkCommunicationTechnologies } from './technologies.js';
import { UNFILLED } from './scaffold.js';
import { lockedClauseText, weakenings } from './inherit.js';
import type { CheckedPolicy, LoadedRule } from './sources.js';

/** A rule file that passed its schema, with the source it came from. */
export interface ParsedRuleFile {
  source: SourceFile;
  rules: Rule[];
}

type Path = (string | number)[];

/**
 * Checks a policy against the vocabulary and its own ledger (Cedar-style validation): every term
 * known, every cite a clause, ids unique, every clause implemented or explained.
 */
export function checkPolicy(
  manifest: { source: SourceFile; value: Manifest } | undefined,
  ruleFiles: ParsedRuleFile[],
  vocabulary: Vocabulary,
  /** False when some rule file did not parse: the ledger's completeness cannot be judged then. */
  allRuleFilesParsed = true,
  /** The policy this one extends (`extends:`), checked: its clauses may be cited, its rules replaced unless locked. */
  parent?: CheckedPolicy,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (source: SourceFile, path: Path, code: string, message: string, key?: string) =>
    out.push({ code, message, file: source.file, ...source.locate(path, key) });
  const hint = termHints(vocabulary);
  const didYouMean = hint.among;

  // A scaffolded policy (online-safety init --from) leaves its identity to fill in: each is a problem.
  if (manifest) {
    for (const [path, text] of unfilledValues(manifest.value)) {
      at(manifest.source, path, 'unfilled', `${path.join('.')} is still to fill in ("${text}")`);
    }
  }

  const parentClauses = new Map(parent?.manifest.clauses.map((c) => [c.id, c]));
  const parentRules = new Map(parent?.rules.map((r) => [r.id, r]));
  const parentId = parent?.manifest.id ?? '';
  const clauseIds = new Set<string>(parentClauses.keys());
  manifest?.value.clauses.forEach((clause, i) => {
    if (parentClauses.has(clause.id)) {
      at(manifest.source, ['clauses', i, 'id'], 'duplicate-clause', `clause "${clause.id}" is already in the ledger of ${parentId}, which this policy extends: cite it, or give this clause its own id`);
    } else if (clauseIds.has(clause.id)) at(manifest.source, ['clauses', i, 'id'], 'duplicate-clause', `duplicate clause id "${clause.id}"`);
    clauseIds.add(clause.id);
  });
  for (const target of Object.keys(manifest?.value.contacts ?? {})) {
    if (!Object.hasOwn(vocabulary.targets, target)) {
      at(manifest!.source, ['contacts'], 'unknown-term', `unknown target "${target}" in contacts${didYouMean(target, () => Object.keys(vocabulary.targets))}`, target);
    }
  }

  const scope = manifest?.value.scope;
  if (scope) {
    if (!clauseIds.has(scope.clause)) at(manifest!.source, ['scope', 'clause'], 'unknown-clause', `scope clause "${scope.clause}" names no clause of the manifest${didYouMean(scope.clause, () => clauseIds)}`);
    const roles: [Path, string][] = [
      ...scope.roles.map((r, i): [Path, string] => [['scope', 'roles', i], r]),
      ...scope.noRoute.flatMap((n, i) => n.subjects.map((r, j): [Path, string] => [['scope', 'noRoute', i, 'subjects', j], r])),
    ];
    for (const [path, role] of roles) {
      if (!Object.hasOwn(vocabulary.roles, role)) at(manifest!.source, path, 'unknown-term', `unknown role "${role}"${hint.term(role, 'roles')}`);
    }
  }

  const ruleIds = new Map<string, string>();
  const cited = new Set<string>();
  for (const { source, rules } of ruleFiles) {
    rules.forEach((rule, i) => {
      const base: Path = ['rules', i];
      const seen = ruleIds.get(rule.id);
      if (seen !== undefined) at(source, [...base, 'id'], 'duplicate-rule', `duplicate rule id "${rule.id}" (first defined in ${seen})`);
      else ruleIds.set(rule.id, source.file);
      const replaced = parentRules.get(rule.id);
      const lockedClause = replaced && parentClauses.get(replaced.cite);
      if (replaced && lockedClause?.locked) {
        const weaker = weakenings(replaced, rule);
        at(
          source,
          [...base, 'id'],
          'locked-clause',
          `rule "${rule.id}" replaces the rule for ${lockedClauseText(lockedClause, parentId)}: a policy that extends it may add rules citing the clause, not replace this one` +
            (weaker.length > 0 ? `; this replacement would weaken it (${weaker.join('; ')})` : ''),
        );
      }
      const parentClause = parentClauses.get(rule.cite);
      if (parentClause?.notExecutable !== undefined && !parentClause.delegated) {
        at(source, [...base, 'cite'], 'ledger-conflict', `clause "${rule.cite}" of ${parentId} is marked notExecutable there; a policy that extends it implements only the clauses it delegates`);
      }
      if (clauseIds.has(rule.cite)) cited.add(rule.cite);
      else if (manifest) at(source, [...base, 'cite'], 'unknown-clause', `cite "${rule.cite}" names no clause of the manifest${didYouMean(rule.cite, () => clauseIds)}`);
      checkCondition(rule.when, [...base, 'when'], source, vocabulary, at, hint);
      if (rule.unless) checkCondition(rule.unless, [...base, 'unless'], source, vocabulary, at, hint);
      rule.then.forEach((outcome, j) => {
        const path: Path = [...base, 'then', j];
        const kind = OUTCOME_KINDS.find((k) => outcome[k] !== undefined)!;
        const term = outcome[kind]!;
        const catalogue = vocabulary[OUTCOME_CATALOGUE[kind]];
        if (!Object.hasOwn(catalogue, term)) {
          at(source, [...path, kind], 'unknown-term', `unknown ${OUTCOME_CATALOGUE[kind] === 'targets' ? 'target' : kind} "${term}"${didYouMean(term, () => Object.keys(catalogue))}`);
        }
        if (outcome.by !== undefined && !Object.hasOwn(vocabulary.targets, outcome.by)) {
          at(source, [...path, 'by'], 'unknown-term', `unknown target "${outcome.by}"${didYouMean(outcome.by, () => Object.keys(vocabulary.targets))}`);
        }
        if (outcome.modality === undefined && rule.modality === undefined) {
          at(source, path, 'missing-modality', `outcome has no modality and rule "${rule.id}" gives none (must, should or may)`);
        }
      });
    });
  }

  checkOverrides(ruleFiles, ruleIds, at, didYouMean, parent);

  if (!manifest) return out;
  // The communication-technologies table stands for its rows' clauses, like a rule that cites them.
  const table = checkCommunicationTechnologies(manifest, clauseIds, vocabulary, at, didYouMean);
  // A row with a "not allowed" cell is implemented by rules that flag the use: the table alone
  // cannot stand for it (else a deleted rule file would go unnoticed).
  for (const clause of table.standsFor) if (!table.needsRules.has(clause)) cited.add(clause);
  manifest.value.clauses.forEach((clause, i) => {
    const path: Path = ['clauses', i];
    if (clause.notExecutable !== undefined && cited.has(clause.id)) {
      at(manifest.source, [...path, 'notExecutable'], 'ledger-conflict', `clause "${clause.id}" is marked notExecutable but rules cite it`);
    }
    if (allRuleFilesParsed && clause.notExecutable === undefined && !clause.delegated && !cited.has(clause.id)) {
      const row = table.needsRules.get(clause.id);
      at(
        manifest.source,
        [...path, 'id'],
        'unimplemented-clause',
        row === undefined
          ? `clause "${clause.id}" is neither implemented by a rule nor marked notExecutable with a reason`
          : `clause "${clause.id}" is not implemented: its communication-technologies row "${row}" has a "not-allowed" cell, and no rule cites the clause to flag that use`,
      );
    }
  });
  return out;
}

const TERM_CATALOGUE: Partial<Record<(typeof CONDITION_KEYS)[number], CatalogueName | 'facts'>> = {
  activity: 'activities',
  fact: 'facts',
  technology: 'technologies',
};

function checkCondition(
  c: Condition,
  path: Path,
  source: SourceFile,
  vocabulary: Vocabulary,
  at: (source: SourceFile, path: Path, code: string, message: string) => void,
  hint: ReturnType<typeof termHints>,
): void {
  for (const key of ['all', 'any'] as const) c[key]?.forEach((child, i) => checkCondition(child, [...path, key, i], source, vocabulary, at, hint));
  if (c.not) checkCondition(c.not, [...path, 'not'], source, vocabulary, at, hint);
  for (const [key, catalogue] of Object.entries(TERM_CATALOGUE)) {
    const term = c[key as keyof Condition] as string | undefined;
    if (term !== undefined && !Object.hasOwn(vocabulary[catalogue], term)) {
      at(source, [...path, key], 'unknown-term', `unknown ${key} "${term}"${hint.term(term, catalogue)}`);
    }
  }
  for (const key of ROLE_KEYS) {
    const role = c[key];
    if (role !== undefined && !Object.hasOwn(vocabulary.roles, role)) {
      at(source, [...path, key], 'unknown-term', `unknown role "${role}"${hint.term(role, 'roles')}`);
    }
  }
}

/**
 * `override:` names rules of the same policy, never the rule itself, and never in a cycle (a
 * cycle would leave it undecided which rule applies). Each problem at the name that causes it.
 */
function checkOverrides(
  ruleFiles: ParsedRuleFile[],
  ruleIds: Map<string, string>,
  at: (source: SourceFile, path: Path, code: string, message: string) => void,
  didYouMean: ReturnType<typeof termHints>['among'],
  parent?: CheckedPolicy,
): void {
  // The parent's rules that this policy keeps are override targets too, and part of any cycle.
  const own = new Set(ruleIds.keys());
  const inherited = new Map<string, LoadedRule>((parent?.rules ?? []).filter((r) => !own.has(r.id)).map((r) => [r.id, r]));
  const parentClauses = new Map(parent?.manifest.clauses.map((c) => [c.id, c]));
  const edges = new Map<string, { targets: { id: string; index: number }[]; source?: SourceFile; path: Path }>();
  for (const rule of inherited.values()) edges.set(rule.id, { targets: (rule.override ?? []).map((id, index) => ({ id, index })), path: [] });
  for (const { source, rules } of ruleFiles) {
    rules.forEach((rule, i) => {
      if (!rule.override) return;
      const path: Path = ['rules', i, 'override'];
      const targets: { id: string; index: number }[] = [];
      rule.override.forEach((target, j) => {
        const locked = inherited.has(target) ? parentClauses.get(inherited.get(target)!.cite) : undefined;
        if (target === rule.id) at(source, [...path, j], 'override-cycle', `rule "${rule.id}" overrides itself`);
        else if (!ruleIds.has(target) && !inherited.has(target)) at(source, [...path, j], 'unknown-rule', `override names no rule of this policy: "${target}"${didYouMean(target, () => [...ruleIds.keys(), ...inherited.keys()])}`);
        else if (locked?.locked) {
          const removed = weakenings(inherited.get(target)!, { ...inherited.get(target)!, then: [] });
          at(source, [...path, j], 'locked-clause', `rule "${rule.id}" overrides rule "${target}", which implements ${lockedClauseText(locked, parent!.manifest.id)}: where it applies it would weaken it (${removed.join('; ')})`);
        } else targets.push({ id: target, index: j });
      });
      if (!edges.has(rule.id)) edges.set(rule.id, { targets, source, path });
    });
  }
  // Depth-first search; a rule reached again while still open closes a cycle.
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    state.set(id, 'open');
    const edge = edges.get(id);
    for (const { id: target, index } of edge?.targets ?? []) {
      if (state.get(target) === 'open') {
        const cycle = [...trail.slice(trail.indexOf(target)), id, target];
        // Shown at an edge this policy wrote (the parent's own rules have no cycle).
        const k = edge!.source ? cycle.length - 2 : cycle.findIndex((r, i) => i < cycle.length - 1 && edges.get(r)?.source !== undefined);
        const from = edges.get(cycle[k]!)!;
        const at_ = from.targets.find((t) => t.id === cycle[k + 1])!.index;
        at(from.source!, [...from.path, at_], 'override-cycle', `override cycle: ${cycle.join(' → ')}`);
      } else if (state.get(target) === undefined) visit(target, [...trail, id]);
    }
    state.set(id, 'done');
  };
  for (const id of [...edges.keys()].sort()) if (state.get(id) === undefined) visit(id, []);
}

/** Every string of the manifest that still holds the scaffold's placeholder, with its path. */
function unfilledValues(value: unknown, path: Path = []): [Path, string][] {
  if (typeof value === 'string') return value.startsWith(UNFILLED) ? [[path, value]] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unfilledValues(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => unfilledValues(v, [...path, k]));
  return [];
}
