import type { CatalogueName, Vocabulary } from './schema.js';

/**
 * The TypeScript types a vocabulary's terms make: one literal union per catalogue, so that a
 * misspelt term (`role: 'stafff'`) is a compile error rather than a run-time one. The package's
 * own `src/vocabulary/terms.ts` is this text for `rules/vocabulary.yaml` (`npm run
 * vocabulary:types`); `online-safety types <policy>` prints it for a policy's vocabulary.
 */
const UNIONS: { name: string; catalogue: CatalogueName | 'facts'; doc: string }[] = [
  { name: 'Role', catalogue: 'roles', doc: 'A role a person in an incident has (`people[].role`).' },
  { name: 'Involvement', catalogue: 'involvement', doc: "A person's part in an incident (`people[].involvement`)." },
  { name: 'Activity', catalogue: 'activities', doc: 'Something done in an incident (`activities`).' },
  { name: 'Fact', catalogue: 'facts', doc: 'A fact a policy turns on (a key of `facts`).' },
  { name: 'Technology', catalogue: 'technologies', doc: 'A technology used in an incident (`technologies`).' },
  { name: 'Target', catalogue: 'targets', doc: 'A person or agency an outcome names: referred to, told, or acting (`by`).' },
  { name: 'Sanction', catalogue: 'sanctions', doc: 'A sanction an outcome names.' },
  { name: 'Duty', catalogue: 'duties', doc: 'What staff must (or must not) do: obligations and prohibitions.' },
  { name: 'Classification', catalogue: 'classifications', doc: 'A classification of an incident.' },
  { name: 'Judgement', catalogue: 'judgements', doc: 'A decision a policy leaves to a named person.' },
];

/** The generated module's text: the unions, and `Terms` gathering them for the generic types. */
export function vocabularyTypes(vocabulary: Vocabulary, { source, command }: { source: string; command: string }): string {
  const lines = [
    `// Generated from ${source} by \`${command}\`; do not edit by hand.`,
    '// One literal union per vocabulary catalogue, so that an unknown term fails to compile.',
    '',
  ];
  for (const { name, catalogue, doc } of UNIONS) {
    const ids = Object.keys(vocabulary[catalogue]).sort();
    lines.push(`/** ${doc} */`);
    lines.push(ids.length === 0 ? `export type ${name} = never;` : `export type ${name} =\n${ids.map((id) => `  | '${id}'`).join('\n')};`);
    lines.push('');
  }
  lines.push(
    '/** The terms of this vocabulary, for the generic incident types (`IncidentInput<Terms>`). */',
    'export interface Terms {',
    ...UNIONS.map(({ name }) => `  ${name[0]!.toLowerCase()}${name.slice(1)}: ${name};`),
    '}',
    '',
  );
  return lines.join('\n');
}

/** Where the package's own types for rules/vocabulary.yaml are committed, and how they are made. */
export const BUNDLED_TERMS_FILE = 'src/vocabulary/terms.ts';
export const BUNDLED_TERMS_HEADER = { source: 'rules/vocabulary.yaml', command: 'npm run vocabulary:types' };

/** The shape of a `Terms` interface: any vocabulary's, the package's own or a school's. */
export interface VocabularyTerms {
  role: string;
  involvement: string;
  activity: string;
  fact: string;
  technology: string;
  target: string;
  sanction: string;
  duty: string;
  classification: string;
  judgement: string;
}
