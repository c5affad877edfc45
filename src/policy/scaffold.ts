/**
 * A new policy folder for a school (`online-safety init`): the files as texts, written by the
 * CLI. Two starts: a minimal valid policy (one example clause and rule, to be replaced), or a
 * copy of an existing policy (`--from`) whose identity and contacts are left to fill in:
 * placeholders that fail the load, each at its line and column, until they are filled; or a
 * policy that extends another (`--extends`), with its identity to fill in the same way.
 */

/** The marker of a value the school must fill in; `validate` reports each one, positioned. */
export const UNFILLED = 'FILL IN';

export interface ScaffoldOptions {
  /** The new policy's id (kebab-case), e.g. from the folder's name. */
  id: string;
  /** Where the package's JSON Schemas are, relative to the new folder (for `$schema` lines). */
  schemas: string;
  /** The policy to start from: its manifest text and its other files (rule files, source.txt, ...). */
  from?: { id: string; manifest: string; files: Record<string, string> };
  /** The policy to extend: `extends:` as written (an id, or a path from the new folder), its id, and the clauses it delegates. */
  extends?: { ref: string; id: string; delegated: { id: string; label: string }[] };
}

/** The files of the new folder, by path relative to it. */
export function scaffold(options: ScaffoldOptions): Record<string, string> {
  // From a file `depth` folders below the new folder, the schemas are that much further up.
  const schema = (name: string, depth = 0) => `# yaml-language-server: $schema=${'../'.repeat(depth)}${options.schemas}/${name}.schema.json`;
  const files: Record<string, string> = {};
  if (options.extends) {
    files['policy.yaml'] = extendingManifest(options.extends, options.id, schema('manifest'));
  } else if (options.from) {
    files['policy.yaml'] = copiedManifest(options.from.manifest, options.id, schema('manifest'));
    for (const [name, text] of Object.entries(options.from.files)) {
      files[name] = /\.ya?ml$/.test(name) ? text.replace(/^# yaml-language-server: \$schema=\S*\/([a-z-]+)\.schema\.json$/m, (_, kind: string) => schema(kind)) : text;
    }
  } else {
    files['policy.yaml'] = minimalManifest(options.id, schema('manifest'));
    files['rules.yaml'] = minimalRules(schema('rule-file'));
  }
  files['scenarios/example.yaml'] = exampleScenario(options, schema('scenario', 1));
  files['README.md'] = readme(options);
  return files;
}

function minimalManifest(id: string, schemaLine: string): string {
  return `${schemaLine}
# The policy's identity and its clause ledger: every duty-bearing clause of the policy's
# incident-related sections, each implemented by rules or marked notExecutable with a reason.
id: ${id}
title: ${id} Online Safety Policy
owner: ${id} Governing Body
version: 0.1.0
approvedOn: null
nextReviewDue: null
source: the school's online safety policy
contacts: {}
clauses:
  # An example clause: replace it with the policy's own, citing its section.
  - id: example.report-to-dsl
    section: Reporting incidents
    label: 'Example: a child protection concern is reported to the Designated Safeguarding Lead'
    says: must
`;
}

function minimalRules(schemaLine: string): string {
  return `${schemaLine}
# Rules: each implements a clause of policy.yaml (its cite). See docs/rule-format.md.
rules:
  - id: example-child-protection-concern-to-dsl
    cite: example.report-to-dsl
    label: 'Example: a child protection concern is reported to the DSL'
    modality: must
    when:
      fact: child-protection-concern
    then:
      - notification: dsl
`;
}

const fill = (what: string) => JSON.stringify(`${UNFILLED}: ${what}`);

/** A manifest that extends a policy: the school's identity to fill in, no clauses of its own yet. */
function extendingManifest(parent: NonNullable<ScaffoldOptions['extends']>, id: string, schemaLine: string): string {
  const delegated = parent.delegated.length === 0 ? `# ${parent.id} delegates no clause to its schools.` : [
    `# ${parent.id} leaves these clauses to each school (delegated): implement each with rules citing it.`,
    ...parent.delegated.map((c) => `#   ${c.id}: ${c.label}`),
  ].join('\n');
  return `${schemaLine}
# This policy extends ${parent.id}: its rules, clause ledger and contacts are this policy's too,
# and its locked clauses cannot be replaced or weakened here (docs/your-school.md, Inheritance).
extends: ${parent.ref}
id: ${id}
title: ${fill("the policy's title")}
owner: ${fill('who owns the policy (e.g. the Governing Body)')}
version: ${fill("the policy's version")}
approvedOn: null
nextReviewDue: null
source: ${fill('the published policy this folder transcribes')}
# The school's own contacts, per target, over ${parent.id}'s, e.g.
#   dsl: { name: ..., role: Designated Safeguarding Lead }
contacts: {}
${delegated}
# The school's own clauses (rules in *.yaml files beside this one may cite them or ${parent.id}'s).
clauses: []
`;
}

/** The source manifest with its identity and contact names left to fill in; the ledger kept. */
function copiedManifest(text: string, id: string, schemaLine: string): string {
  const replacements: [RegExp, string][] = [
    [/^# yaml-language-server: .*$/m, schemaLine],
    [/^id: .*$/m, `id: ${id}`],
    [/^title: .*$/m, `title: ${fill("the policy's title")}`],
    [/^owner: .*$/m, `owner: ${fill('who owns the policy (e.g. the Governing Body)')}`],
    [/^version: .*$/m, `version: ${fill("the policy's version")}`],
    [/^approvedOn: .*$/m, 'approvedOn: null'],
    [/^approvedBy: .*$/m, `approvedBy: ${fill('who approved it')}`],
    [/^nextReviewDueAsWritten: .*\n/m, ''],
    [/^nextReviewDue: .*$/m, 'nextReviewDue: null'],
    [/^source: .*$/m, `source: ${fill('the published policy this folder transcribes')}`],
    [/^(\s+)name: .*$/gm, `$1name: ${fill("the person's name")}`],
  ];
  let out = text;
  for (const [pattern, value] of replacements) out = out.replace(pattern, value);
  return out;
}

function exampleScenario(options: ScaffoldOptions, schemaLine: string): string {
  const start = options.from ?? options.extends;
  if (start) {
    return `${schemaLine}
# Scenarios: incidents and what the decision must (and must not) contain. Run them with
# \`online-safety test scenarios\`. Copy the ones of ${start.id} you rely on, and add your own.
policy: ..
today: 2026-01-01
scenarios:
  - name: An incident with no one at fault is still an incident the policy reads
    incident:
      activities:
        - accessing-harmful-content
    forbid:
      - sanction: disciplinary-action
`;
  }
  return `${schemaLine}
# Scenarios: incidents and what the decision must (and must not) contain. Run them with
# \`online-safety test scenarios\`. One firing case and one near miss per rule.
policy: ..
today: 2026-01-01
scenarios:
  - name: 'Example: a child protection concern goes to the DSL'
    cite: example.report-to-dsl
    incident:
      people:
        - role: pupil
          involvement: affected
      activities:
        - sending-offensive-message
      facts:
        child-protection-concern: true
    expect:
      - notification: dsl
        modality: must
        cite: example.report-to-dsl
  - name: 'Example: no child protection concern, no notification'
    cite: example.report-to-dsl
    incident:
      people:
        - role: pupil
          involvement: affected
      activities:
        - sending-offensive-message
      facts:
        child-protection-concern: false
    forbid:
      - notification: dsl
        cite: example.report-to-dsl
`;
}

function readme(options: ScaffoldOptions): string {
  const start = options.extends
    ? `It extends \`${options.extends.id}\`: that policy's rules, clause ledger and contacts are this one's
too; add the school's own contacts, clauses and rules (and implement the clauses it delegates).
\`online-safety validate .\` lists every value still to fill (\`${UNFILLED}: ...\`), with its line
and column; the policy does not load until they are filled.`
    : options.from
    ? `It starts as a copy of \`${options.from.id}\`: its rules and clause ledger, with the identity and
the contacts' names left to fill in. \`online-safety validate .\` lists every value still to fill
(\`${UNFILLED}: ...\`), with its line and column; the policy does not load until they are filled.`
    : `It starts as a minimal valid policy: one example clause and rule, to be replaced by the
policy's own.`;
  return `# ${options.id}: online-safety policy as rules

This folder transcribes the school's online-safety policy into rules that
[online-safety-rules](https://www.npmjs.com/package/online-safety-rules) evaluates.
${start}

- \`policy.yaml\`: the policy's identity, named contacts (e.g. the LADO and the route to them),
  and the clause ledger (every duty-bearing clause, implemented by rules or marked
  \`notExecutable\` with its reason).
- \`*.yaml\` beside it: the rules, one per clause or grid row, each citing its clause.
- \`vocabulary.yaml\` (when the school needs one): the school's own terms (activities, duties,
  contacts ...) added to the shared vocabulary; a term may be added, never redefined.
- \`scenarios/\`: incidents and the outcomes the policy demands, checked by
  \`online-safety test scenarios\`.

\`\`\`sh
npx online-safety validate .                 # every problem, positioned
npx online-safety test scenarios             # the scenarios pass or fail
npx online-safety evaluate --policy . incident.yaml
\`\`\`
`;
}
