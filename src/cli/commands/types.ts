import { bundledVocabulary } from '../../vocabulary/load.js';
import { vocabularyTypes } from '../../vocabulary/types.js';
import { atMost, parseCommandArgs } from '../args.js';
import { EXIT, type Command } from '../command.js';
import { policyFromOption } from '../policy-option.js';

export const typesCommand: Command = {
  name: 'types',
  summary: "Print TypeScript types for a policy's vocabulary (Role, Activity, Fact, Target, ...)",
  help: `Usage: online-safety types [policy|dir] > vocabulary-terms.ts

Prints a TypeScript module with one literal union per vocabulary catalogue (Role, Involvement,
Activity, Fact, Technology, Target, Sanction, Duty, Classification, Judgement) and a Terms
interface gathering them, for the vocabulary a policy is read with: a bundled policy id or a
policy folder (default: the package's vocabulary, rules/vocabulary.yaml, which every bundled
policy is read with). The package's own types are exported already (import type { Role }
from 'online-safety-rules'); a school with its own vocabulary writes this file and passes its
Terms: evaluate<Terms>(policy, incident), IncidentInput<Terms>. See docs/package.md.

Options:
  -h, --help             Show this help

Exit codes: 0 printed; 1 the policy did not load; 2 usage error.
`,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    atMost(positionals, 1, 'policy');
    const ref = positionals[0];
    if (ref === undefined) {
      io.stdout.write(vocabularyTypes(bundledVocabulary(), { source: 'rules/vocabulary.yaml', command: 'online-safety types' }));
      return EXIT.ok;
    }
    const policy = await policyFromOption(ref, io.cwd);
    io.stdout.write(vocabularyTypes(policy.vocabulary, { source: `the vocabulary of ${policy.id} ${policy.version}`, command: `online-safety types ${ref}` }));
    return EXIT.ok;
  },
};
