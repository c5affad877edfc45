import { didYouMean, hintBudget, nearest } from '../policy/diagnostics.js';
import type { CatalogueName, Vocabulary } from './schema.js';

/** Words compared the way people type them: case, spaces, hyphens and underscores ignored. */
function normal(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The term an unknown name most likely means, in one catalogue: a term whose alias it is
 * ("sexting", "Stranger"), else the nearest id or alias by spelling. Undefined when nothing is close.
 */
export function likelyTerm(name: string, vocabulary: Vocabulary, catalogue: CatalogueName | 'facts'): string | undefined {
  const ids = Object.keys(vocabulary[catalogue]);
  const byWord = new Map<string, string>(ids.map((id) => [normal(id), id]));
  for (const [id, words] of Object.entries(vocabulary.aliases[catalogue] ?? {})) for (const w of words) if (!byWord.has(normal(w))) byWord.set(normal(w), id);
  const exact = byWord.get(normal(name));
  if (exact !== undefined) return exact;
  const close = nearest(normal(name), byWord.keys());
  return close === undefined ? undefined : byWord.get(close);
}

/** ` (did you mean "id"?)`, or '' when no term is close; aliases count as the term they stand for. */
export function didYouMeanTerm(name: string, vocabulary: Vocabulary, catalogue: CatalogueName | 'facts'): string {
  const hint = likelyTerm(name, vocabulary, catalogue);
  return hint === undefined ? '' : ` (did you mean "${hint}"?)`;
}

/**
 * Hints for one input within one budget: `among` a list of names, or a `term` of a catalogue
 * (where aliases count as the term they stand for).
 */
export function termHints(vocabulary: Vocabulary): {
  among: (name: string, known: () => Iterable<string>) => string;
  term: (name: string, catalogue: CatalogueName | 'facts') => string;
} {
  const budget = hintBudget();
  return {
    among: (name, known) => budget(name, () => didYouMean(name, known())),
    term: (name, catalogue) => budget(name, () => didYouMeanTerm(name, vocabulary, catalogue)),
  };
}

/**
 * The terms of a catalogue matching every word of a search (in the id, the description or an
 * alias; case ignored), in the catalogue's order.
 */
export function searchTerms(vocabulary: Vocabulary, catalogue: CatalogueName | 'facts', words: string[]): string[] {
  const wanted = words.flatMap((w) => w.toLowerCase().split(/\s+/)).filter(Boolean);
  const aliases = vocabulary.aliases[catalogue] ?? {};
  return Object.entries(vocabulary[catalogue])
    .filter(([id, term]) => {
      const description = typeof term === 'string' ? term : term.description;
      const text = [id, description, ...(Object.hasOwn(aliases, id) ? aliases[id]! : [])].join('\n').toLowerCase();
      return wanted.every((w) => text.includes(w));
    })
    .map(([id]) => id);
}
