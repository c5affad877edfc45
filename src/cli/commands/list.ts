import { listBundledPolicies, loadBundledPolicy } from '../../engine/load.js';
import { searchTerms } from '../../vocabulary/aliases.js';
import { bundledVocabulary } from '../../vocabulary/load.js';
import type { CatalogueName, Vocabulary } from '../../vocabulary/schema.js';
import { atMost, parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { POLICY_HELP, policyFromOption, policyOption } from '../policy-option.js';

const WHAT = ['policies', 'rules', 'clauses', 'activities', 'targets', 'facts', 'roles', 'technologies'] as const;
type What = (typeof WHAT)[number];

export const listCommand: Command = {
  name: 'list',
  summary: 'List bundled policies, a policy\'s rules, or the vocabulary (activities, targets, ...)',
  help: `Usage: online-safety list [policies|rules|clauses|activities|targets|facts|roles|technologies] [options]

Lists what is available, for people writing incidents and scenarios:
  policies      the bundled policies (default)
  rules         the rules of a policy (--policy), with the clause each cites
  clauses       the clause ledger of a policy (--policy): the ids a rule or scenario may cite
  activities    the activity ids an incident may name
  targets       who can be referred to or told (referral and notification targets)
  facts         the facts an incident may give (true / false; absent means unknown)
  roles         the roles of people in an incident
  technologies  the technology ids an incident may name
The terms are the shared vocabulary's, or with --policy that policy's (with its own vocabulary.yaml).

Options:
${POLICY_HELP}
  --search <words>       Only the terms whose id, description or aliases hold every word
                         (activities, targets, facts, roles, technologies), e.g. --search sexting
  --json                 Print the list as JSON
  -h, --help             Show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...policyOption, json: { type: 'boolean' }, search: { type: 'string' } });
    atMost(positionals, 1, 'list name');
    const what = (positionals[0] ?? 'policies') as What;
    if (!WHAT.includes(what)) throw new UsageError(`cannot list "${what}": choose one of ${WHAT.join(', ')}`);
    if (what === 'policies' && values.policy !== undefined) throw new UsageError('--policy does not apply to "list policies"');
    const searched = values.search === undefined ? undefined : SEARCHABLE.get(what);
    if (values.search !== undefined && searched === undefined) throw new UsageError(`--search applies only to ${[...SEARCHABLE.keys()].join(', ')}`);
    // Terms are the policy's when one is named (a school's own vocabulary too), else the shared ones.
    const v = what !== 'rules' && what !== 'clauses' && values.policy !== undefined ? (await policyFromOption(values.policy, io.cwd)).vocabulary : bundledVocabulary();
    let rows = await listRows(what, values.policy, io.cwd, v);
    if (searched !== undefined) {
      const found = new Set(searchTerms(v, searched, [values.search!]));
      const aliases = v.aliases[searched] ?? {};
      rows = rows
        .filter((r) => found.has(r.id))
        .map((r) => (Object.hasOwn(aliases, r.id) ? { ...r, description: `${r.description} (also: ${aliases[r.id]!.join(', ')})` } : r));
    }
    if (values.json) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      const width = Math.max(0, ...rows.map((r) => r.id.length));
      for (const r of rows) io.stdout.write(`${r.id.padEnd(width)}  ${r.description}\n`);
    }
    return EXIT.ok;
  },
};

/** The lists --search reads, and the vocabulary catalogue of each. */
const SEARCHABLE = new Map<What, CatalogueName | 'facts'>([
  ['activities', 'activities'],
  ['targets', 'targets'],
  ['facts', 'facts'],
  ['roles', 'roles'],
  ['technologies', 'technologies'],
]);

async function listRows(what: What, policyRef: string | undefined, cwd: string, v: Vocabulary): Promise<{ id: string; description: string }[]> {
  const catalogue = (c: Record<string, string>) => Object.entries(c).map(([id, description]) => ({ id, description }));
  switch (what) {
    case 'policies':
      return Promise.all(
        listBundledPolicies().map(async (id) => {
          const p = await loadBundledPolicy(id);
          return { id, description: `${p.title}, version ${p.version} (${p.rules.length} rules)` };
        }),
      );
    case 'rules': {
      const p = await policyFromOption(policyRef, cwd);
      return p.rules.map((r) => ({ id: r.id, description: `[${r.cite}] ${r.label}` }));
    }
    case 'clauses': {
      const p = await policyFromOption(policyRef, cwd);
      return p.manifest.clauses.map((c) => ({
        id: c.id,
        description: `${c.section}: ${c.label}${c.notExecutable ? ` (not executable: ${c.notExecutable})` : ''}`,
      }));
    }
    case 'activities':
      return catalogue(v.activities);
    case 'targets':
      return catalogue(v.targets);
    case 'roles':
      return catalogue(v.roles);
    case 'technologies':
      return catalogue(v.technologies);
    case 'facts':
      return Object.entries(v.facts).map(([id, f]) => ({ id, description: f.description }));
  }
}
