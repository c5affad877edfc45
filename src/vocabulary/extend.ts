import type { Diagnostic } from '../policy/diagnostics.js';
import { parseSource, zodDiagnostics } from '../policy/source.js';
import { ADDABLE_CATALOGUES, CATALOGUES, impliedTermIssues, VocabularyAdditionsSchema, type Vocabulary } from './schema.js';

// A policy's own vocabulary (`vocabulary.yaml` in its folder): terms a school adds to the vocabulary
// it is read with, so its own activities, contacts and duties need no fork of the package. A term
// may be added, never redefined: a policy's rules, its parent's and every incident described in the
// shared vocabulary keep meaning what they meant.

/** The file a policy's own vocabulary is written in, beside its manifest. */
export const POLICY_VOCABULARY_FILE = 'vocabulary.yaml';

/** The noun a catalogue's terms are called by, in messages. */
const NOUN: Record<(typeof ADDABLE_CATALOGUES)[number], string> = {
  roles: 'role',
  activities: 'activity',
  facts: 'fact',
  targets: 'target',
  sanctions: 'sanction',
  duties: 'duty',
  classifications: 'classification',
  judgements: 'judgement',
  technologies: 'technology',
};

/**
 * `base` with the terms a policy's vocabulary file adds. Every problem is a positioned diagnostic
 * in `file`: a redefined term (at its key), an involvement added, an unknown key, a term id that
 * is not kebab-case, an implication naming no term. `vocabulary` only when there is none.
 * `baseName` says in messages what the file extends ("the shared vocabulary").
 */
export function extendVocabulary(base: Vocabulary, file: string, text: string, baseName: string): { vocabulary?: Vocabulary; diagnostics: Diagnostic[] } {
  const source = parseSource(file, text);
  if (source.diagnostics.length > 0) return { diagnostics: source.diagnostics };
  const value = source.value;
  const diagnostics: Diagnostic[] = [];
  const written = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (written && Object.hasOwn(written, 'involvement')) {
    diagnostics.push({
      code: 'fixed-catalogue',
      message: 'involvement cannot be added to: subject, affected, reporter and witness are how every incident is read, not a policy\'s terms',
      file,
      ...source.locate([], 'involvement'),
    });
  }
  const parsed = VocabularyAdditionsSchema.safeParse(written ? withoutKey(written, 'involvement') : value);
  if (!parsed.success) return { diagnostics: [...diagnostics, ...zodDiagnostics(source, parsed.error.issues)] };
  const added = parsed.data;
  for (const catalogue of ADDABLE_CATALOGUES) {
    for (const id of Object.keys(added[catalogue])) {
      if (!Object.hasOwn(base[catalogue], id)) continue;
      diagnostics.push({
        code: 'redefined-term',
        message: `the ${NOUN[catalogue]} "${id}" is a term of ${baseName} already: a policy may add terms, never redefine one (use it as it is, or add a term with a new id)`,
        file,
        ...source.locate([catalogue], id),
      });
    }
  }
  const aliases = { ...base.aliases };
  for (const [catalogue, byId] of Object.entries(added.aliases) as [keyof Vocabulary['aliases'], Record<string, string[]>][]) aliases[catalogue] = { ...aliases[catalogue], ...byId };
  const vocabulary: Vocabulary = {
    ...(Object.fromEntries(CATALOGUES.map((c) => [c, c === 'involvement' ? base.involvement : { ...base[c], ...added[c] }])) as Pick<Vocabulary, (typeof CATALOGUES)[number]>),
    facts: { ...base.facts, ...added.facts },
    aliases,
    implies: { ...base.implies, ...added.implies },
  };
  // What an added technology implies may be a term of either.
  const implied = impliedTermIssues((written?.technologies ?? undefined) as Parameters<typeof impliedTermIssues>[0], vocabulary);
  for (const issue of implied) diagnostics.push({ code: 'unknown-term', message: issue.message, file, ...source.locate(issue.path) });
  return diagnostics.length > 0 ? { diagnostics } : { vocabulary, diagnostics };
}

function withoutKey(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = value;
  return rest;
}
