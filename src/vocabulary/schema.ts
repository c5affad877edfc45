import { z } from 'zod';

/** A stable kebab-case identifier, as used for every vocabulary term. */
export const TermId = z
  .string()
  .regex(/^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'must be a kebab-case id (lower-case letters, digits, "-" or ".")');

const Catalogue = z.record(TermId, z.string().min(1));

export const FactDefinitionSchema = z.strictObject({
  description: z.string().min(1),
  /** The question to ask when the fact is unknown and would change the decision. */
  question: z.string().min(1).optional(),
});

export const VocabularySchema = z.strictObject({
  roles: Catalogue,
  involvement: Catalogue,
  activities: Catalogue,
  facts: z.record(TermId, FactDefinitionSchema),
  targets: Catalogue,
  sanctions: Catalogue,
  duties: Catalogue,
  classifications: Catalogue,
  judgements: Catalogue,
  technologies: Catalogue,
});

export type Vocabulary = z.infer<typeof VocabularySchema>;
export type FactDefinition = z.infer<typeof FactDefinitionSchema>;
