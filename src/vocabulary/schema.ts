import * as z from 'zod';

/** A stable kebab-case identifier, as used for every vocabulary term. */
export const TermId = z
  .string()
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'must be a kebab-case id (lower-case letters, digits, "-" or ".")');

/** Other words people use for a term ("sexting", "stranger"), for "did you mean" and term search. */
const Aliases = z.array(z.string().min(1)).min(1);

/**
 * A term as written: its one-line description, or `{ description, aliases }`. Both shapes read
 * the same; the description alone keeps every older vocabulary valid.
 */
const TermInput = z.union([z.string().min(1), z.strictObject({ description: z.string().min(1), aliases: Aliases.optional() })]);

/**
 * A technology may name what it implies: an app on a personal phone is a use of the phone
 * (`technologies`) on a personal device (`facts`). An incident naming it is read with those too.
 */
const TechnologyInput = z.union([
  z.string().min(1),
  z.strictObject({
    description: z.string().min(1),
    aliases: Aliases.optional(),
    implies: z
      .strictObject({
        technologies: z.array(TermId).min(1).optional(),
        facts: z.record(TermId, z.boolean()).optional(),
      })
      .optional(),
  }),
]);

const Catalogue = z.record(TermId, TermInput);

export const FactDefinitionSchema = z.strictObject({
  description: z.string().min(1),
  /** The question to ask when the fact is unknown and would change the decision. */
  question: z.string().min(1).optional(),
  aliases: Aliases.optional(),
});

/** The catalogues whose terms are `id: description` (or `{ description, aliases }`). */
export const CATALOGUES = ['roles', 'involvement', 'activities', 'targets', 'sanctions', 'duties', 'classifications', 'judgements', 'technologies'] as const;
export type CatalogueName = (typeof CATALOGUES)[number];

export interface Implication {
  technologies?: string[];
  facts?: Record<string, boolean>;
}

const VocabularyTerms = z.strictObject({
  roles: Catalogue,
  involvement: Catalogue,
  activities: Catalogue,
  facts: z.record(TermId, FactDefinitionSchema),
  targets: Catalogue,
  sanctions: Catalogue,
  duties: Catalogue,
  classifications: Catalogue,
  judgements: Catalogue,
  technologies: z.record(TermId, TechnologyInput),
});

type TermsInput = z.input<typeof VocabularyTerms>;

const VocabularyInput = VocabularyTerms.check((ctx) => {
  ctx.issues.push(...impliedTermIssues(ctx.value.technologies, ctx.value));
});

/**
 * What each technology implies must itself be a term of `known` (the vocabulary the technologies
 * are read with: itself, or the shared vocabulary with a school's additions).
 */
export function impliedTermIssues(
  technologies: TermsInput['technologies'] | undefined,
  known: { technologies: object; facts: object },
): { code: 'custom'; input: string; path: (string | number)[]; message: string }[] {
  const issues: { code: 'custom'; input: string; path: (string | number)[]; message: string }[] = [];
  for (const [id, term] of Object.entries(technologies ?? {})) {
    if (typeof term === 'string' || !term.implies) continue;
    (term.implies.technologies ?? []).forEach((t, i) => {
      if (!Object.hasOwn(known.technologies, t) || t === id) {
        issues.push({ code: 'custom', input: t, path: ['technologies', id, 'implies', 'technologies', i], message: `implies unknown technology "${t}"` });
      }
    });
    for (const fact of Object.keys(term.implies.facts ?? {})) {
      if (!Object.hasOwn(known.facts, fact)) {
        issues.push({ code: 'custom', input: fact, path: ['technologies', id, 'implies', 'facts', fact], message: `implies unknown fact "${fact}"` });
      }
    }
  }
  return issues;
}

/** Terms as read: descriptions by id per catalogue, with the aliases and implications written beside them. */
function readTerms(v: Partial<TermsInput>) {
  const aliases: Partial<Record<CatalogueName | 'facts', Record<string, string[]>>> = {};
  const implies: Record<string, Implication> = {};
  const descriptions = (name: CatalogueName): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [id, term] of Object.entries(v[name] ?? {})) {
      if (typeof term === 'string') out[id] = term;
      else {
        out[id] = term.description;
        if (term.aliases) (aliases[name] ??= {})[id] = term.aliases;
        if ('implies' in term && term.implies) implies[id] = term.implies;
      }
    }
    return out;
  };
  const catalogues = Object.fromEntries(CATALOGUES.map((name) => [name, descriptions(name)])) as Record<CatalogueName, Record<string, string>>;
  const facts: Record<string, { description: string; question?: string }> = {};
  for (const [id, { aliases: factAliases, ...definition }] of Object.entries(v.facts ?? {})) {
    facts[id] = definition;
    if (factAliases) (aliases.facts ??= {})[id] = factAliases;
  }
  return { ...catalogues, facts, aliases, implies };
}

/**
 * The shared vocabulary as read: every catalogue maps a term to its description (whichever shape
 * it was written in); `aliases` holds each catalogue's aliases, `implies` each technology's.
 */
export const VocabularySchema = VocabularyInput.transform(readTerms);

/**
 * A policy's own vocabulary (`vocabulary.yaml` in its folder): terms it adds to the vocabulary it
 * is read with, in the same shapes, every catalogue optional. Involvement is not among them: the
 * four involvements (who did it, who was affected, who reported, who saw) are what the engine's
 * reading of an incident is built on, not a policy's choice.
 */
export const VocabularyAdditionsSchema = VocabularyTerms.omit({ involvement: true }).partial().transform(readTerms);
export type VocabularyAdditions = z.output<typeof VocabularyAdditionsSchema>;
/** The catalogues a policy's own vocabulary may add to. */
export const ADDABLE_CATALOGUES = [...CATALOGUES.filter((c) => c !== 'involvement'), 'facts'] as const;

export type Vocabulary = z.output<typeof VocabularySchema>;
export type FactDefinition = Vocabulary['facts'][string];
