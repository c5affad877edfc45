import type { Diagnostic } from './diagnostics.js';
import { OUTCOME_KINDS, type Clause, type Manifest, type Modality, type Rule } from './schema.js';
import type { CheckedPolicy, LoadedRule } from './sources.js';
import type { SourceFile } from './source.js';

// Inheritance (`extends:`): a school's policy is its trust's rules and ledger plus its own. The
// school may add rules and clauses, set contacts, implement the clauses the trust delegates,
// and replace a trust's rule by its id, except where the trust locked the rule's clause.

/** Why the policy an `extends:` names cannot be had: unknown, or a cycle. Positioned by the caller. */
export class ParentError extends Error {
  constructor(
    readonly code: 'unknown-parent' | 'extends-cycle' | 'extends-too-long' | 'absolute-path',
    message: string,
  ) {
    super(message);
    this.name = 'ParentError';
  }
}

/**
 * Loads the policy an `extends:` names, checked (and itself merged with its own parent). Throws
 * ParentError for an unknown parent or a cycle, PolicyLoadError when the parent does not load.
 */
export type ParentLoader = (ref: string) => Promise<CheckedPolicy>;

/** An `extends:` that names a folder rather than a bundled policy: a relative path. */
export function isFolderRef(ref: string): boolean {
  return ref.startsWith('.') || ref.includes('/') || ref.includes('\\');
}

/** How many policies a chain of `extends` may pass through (a trust's school extends one trust; far more is a mistake). */
export const MAX_EXTENDS_DEPTH = 8;

/**
 * Why a folder `extends:` cannot be followed, before reading it: an absolute path (the folder
 * would not move with the policy, and the policy would read another machine's files), or a chain
 * longer than MAX_EXTENDS_DEPTH (`depth`: policies on the way, this one included).
 */
export function folderRefProblem(ref: string, depth: number): ParentError | undefined {
  if (ref.startsWith('/') || ref.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(ref)) {
    return new ParentError('absolute-path', 'is an absolute path: write the folder relative to this policy\'s folder (../trust), so that the two move together');
  }
  if (depth >= MAX_EXTENDS_DEPTH) return new ParentError('extends-too-long', `a chain of extends more than ${MAX_EXTENDS_DEPTH} policies long`);
  return undefined;
}

/** Where a loader finds the policies an `extends:` names: bundled ones by id, folders its own way. */
export interface ParentPlaces<T> {
  /** Bundled policies: their ids (asked only for a reference that is not a folder) and a way to load one. */
  bundled: { ids(): readonly string[]; load(id: string): Promise<CheckedPolicy> };
  /** What a folder reference names (a path on disk, the texts given for it); throws ParentError when nothing. */
  folder(ref: string): T;
  /** How a folder is named in a cycle's message. */
  shown(folder: T): string;
  /** The folder's policy, checked, with `chain` the folders on the way to it (this one last); `ref` as written. */
  check(folder: T, chain: T[], ref: string): Promise<CheckedPolicy>;
}

/**
 * The ParentLoader of a policy reached through `chain` (the folders on the way, itself last): a
 * bundled policy by id, or a folder, refused when it is an absolute path, the chain is too long,
 * or it is already on the way here (a cycle). One rule for folders on disk and texts in memory.
 */
export function parentLoader<T>(chain: readonly T[], places: ParentPlaces<T>): ParentLoader {
  return async (ref) => {
    if (!isFolderRef(ref)) {
      const ids = places.bundled.ids();
      if (!ids.includes(ref)) throw unknownParent(ref, [...ids]);
      return places.bundled.load(ref);
    }
    const problem = folderRefProblem(ref, chain.length);
    if (problem) throw problem;
    const parent = places.folder(ref);
    if (chain.includes(parent)) throw new ParentError('extends-cycle', `a cycle of extends: ${[...chain, parent].map(places.shown).join(' → ')}`);
    return places.check(parent, [...chain, parent], ref);
  };
}

/** The error for a parent that is neither a bundled policy nor a folder. */
export function unknownParent(ref: string, bundled: string[]): ParentError {
  return new ParentError(
    'unknown-parent',
    `no bundled policy "${ref}" (bundled: ${bundled.join(', ') || 'none'}); a folder is written as a relative path (./trust, ../trust)`,
  );
}

/** The `extends:` of a parsed manifest, with where it is written; undefined when there is none (or it is not text). */
export function extendsOf(source: SourceFile): { ref: string; at: Pick<Diagnostic, 'file' | 'line' | 'column'> } | undefined {
  const value = source.value as { extends?: unknown } | null | undefined;
  if (value === null || typeof value !== 'object' || typeof value.extends !== 'string' || value.extends === '') return undefined;
  return { ref: value.extends, at: { file: source.file, ...source.locate(['extends']) } };
}

/** The parent's outcomes a replacement of its rule would weaken: removed, or given a weaker modality. */
export function weakenings(parentRule: Rule, replacement: Rule): string[] {
  const strength: Record<Modality, number> = { must: 3, should: 2, may: 1 };
  const key = (o: Rule['then'][number]) => {
    const kind = OUTCOME_KINDS.find((k) => o[k] !== undefined)!;
    return `${kind} ${o[kind]}${o.by === undefined ? '' : ` by ${o.by}`}`;
  };
  const given = new Map<string, Modality>();
  for (const o of replacement.then) {
    const m = o.modality ?? replacement.modality!;
    const k = key(o);
    if (!given.has(k) || strength[m] > strength[given.get(k)!]) given.set(k, m);
  }
  const out: string[] = [];
  for (const o of parentRule.then) {
    const m = o.modality ?? parentRule.modality!;
    const k = key(o);
    const now = given.get(k);
    if (now === undefined) out.push(`${k} removed`);
    else if (strength[now] < strength[m]) out.push(`${k} ${m} → ${now}`);
  }
  return out;
}

/** How a locked clause is named in a diagnostic: its id, section and label, and the policy whose it is. */
export function lockedClauseText(clause: Clause, policy: string): string {
  return `clause "${clause.id}" (${clause.section}: ${clause.label}) of ${policy}, which it marks locked`;
}

/**
 * The school's policy once checked: the parent's rules (less those the school replaced) and
 * ledger, then the school's own; contacts merged per target, the school's winning; scope,
 * technologies table, timings and closure days the school's where it gives them, else the
 * parent's. Identity is the school's. Every rule says which policy it comes from.
 */
export function inherit(parent: CheckedPolicy, manifest: Manifest, rules: LoadedRule[]): { manifest: Manifest; rules: LoadedRule[] } {
  const own = new Set(rules.map((r) => r.id));
  const implemented = new Set(rules.map((r) => r.cite));
  const inherited = parent.rules.filter((r) => !own.has(r.id)).map((r) => (r.policy === undefined ? { ...r, policy: parent.manifest.id } : r));
  // A delegated clause the school implements is no longer "not executable" in the school's ledger.
  const parentClauses = parent.manifest.clauses.map((c) => {
    if (!c.delegated || !implemented.has(c.id) || c.notExecutable === undefined) return c;
    const { notExecutable: _, ...rest } = c;
    return rest;
  });
  const merged: Manifest = {
    ...manifest,
    contacts: { ...parent.manifest.contacts, ...manifest.contacts },
    clauses: [...parentClauses, ...manifest.clauses],
  };
  for (const key of ['scope', 'communicationTechnologies', 'timings', 'closureDays'] as const) {
    if (merged[key] === undefined && parent.manifest[key] !== undefined) (merged as Record<string, unknown>)[key] = parent.manifest[key];
  }
  return { manifest: merged, rules: [...inherited, ...rules.map((r) => ({ ...r, policy: manifest.id }))] };
}
