import * as z from 'zod';
import { DecisionSchema } from '../decision/schema.js';
import { makeIncidentSchema } from '../incident/schema.js';
import { InvariantsFileSchema } from '../analysis/invariants.js';
import { CalendarSchema, ManifestSchema, RuleFileSchema } from '../policy/schema.js';
import { ScenarioFileSchema } from '../scenario/schema.js';
import { VocabularyAdditionsSchema, VocabularySchema, type Vocabulary } from '../vocabulary/schema.js';

/**
 * The published JSON Schemas (schemas/*.schema.json), generated from the zod schemas so they
 * are never declared twice. Inputs are described as written (defaults optional); the decision
 * as produced. The incident schema closes its terms over the shared vocabulary.
 */
export function jsonSchemas(vocabulary: Vocabulary): Record<string, unknown> {
  const input = (schema: z.ZodType, title: string) => ({ title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) });
  return {
    'vocabulary.schema.json': input(VocabularySchema, 'online-safety-rules vocabulary'),
    'vocabulary-additions.schema.json': input(VocabularyAdditionsSchema, "online-safety-rules policy's own vocabulary (vocabulary.yaml in a policy folder)"),
    'manifest.schema.json': input(ManifestSchema, 'online-safety-rules policy manifest (policy.yaml)'),
    'calendar.schema.json': input(CalendarSchema, "online-safety-rules school calendar (calendar.yaml: the days the school is closed)"),
    'rule-file.schema.json': input(RuleFileSchema, 'online-safety-rules rule file'),
    'incident.schema.json': input(makeIncidentSchema(vocabulary), 'online-safety-rules incident'),
    'scenario.schema.json': input(ScenarioFileSchema, 'online-safety-rules scenario file'),
    'invariants.schema.json': input(InvariantsFileSchema, 'online-safety-rules invariants (invariants.yaml)'),
    'decision.schema.json': {
      title: 'online-safety-rules decision',
      ...z.toJSONSchema(DecisionSchema, { io: 'output', unrepresentable: 'any' }),
    },
  };
}

/** The text of each schema file, as committed (stable key order, trailing newline). */
export function jsonSchemaFiles(vocabulary: Vocabulary): Record<string, string> {
  return Object.fromEntries(
    Object.entries(jsonSchemas(vocabulary)).map(([name, schema]) => [name, `${JSON.stringify(schema, null, 2)}\n`]),
  );
}
