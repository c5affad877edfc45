import { diffPolicies } from '../../analysis/diff.js';
import { formatDiffMarkdown, formatDiffText } from '../../analysis/diff-format.js';
import { GitRefError, loadPolicyAtRef } from '../../engine/load-git.js';
import { loadParentPolicy } from '../../engine/load.js';
import { loadPolicyRef } from '../../scenario/policy-ref.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { CliError } from '../errors.js';

export const diffCommand: Command = {
  name: 'diff',
  summary: 'Compare two versions of a policy: what changed in the rules, and for which incidents',
  help: `Usage: online-safety diff [options] <old> <new>
       online-safety diff [options] --git <ref> <policy>
       online-safety diff [options] --against-parent <school>

Compares two versions of a policy folder (or bundled policy id), in policy terms:
  structure   manifest (version, dates, contacts and routes, clause ledger, communication
              technologies), rules added, removed, renamed (same content, new id) and changed
              (condition in words, outcomes with their force, citation)
  behaviour   every incident of the space the two versions' rules can tell apart, evaluated
              under both; the incidents whose decision changed, grouped by the change they see
              (e.g. "No longer: Refer to the LADO"), with a count and a smallest example. The
              output says how many incidents were compared and what makes that exhaustive.

With --git <ref>, <policy> is compared with itself at that git ref (a branch, tag or commit):
  online-safety diff --git main rules/elim-school

With --against-parent, <school> (a policy that extends another) is compared with the policy it
extends: the school's departures from its trust (contacts, clauses and rules it adds or
replaces, and the incidents whose decision differs):
  online-safety diff --against-parent examples/mast-school

Options:
  --git <ref>            Compare the folder as it was at this git ref (old) with the folder now (new)
  --against-parent       Compare a school's policy (new) with the policy it extends (old)
  --format <f>           text (default) or markdown (for a pull-request comment)
  --json                 Print the diff as JSON
  --fail-on-change       Exit 1 when the behaviour changed (for CI)
  -h, --help             Show this help

Exit codes: 0 compared (and, with --fail-on-change, no behaviour changed); 1 behaviour changed
with --fail-on-change, or a policy did not load; 2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      git: { type: 'string' },
      'against-parent': { type: 'boolean' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      'fail-on-change': { type: 'boolean' },
    });
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'markdown') throw new UsageError(`--format must be text or markdown, not "${format}"`);
    if (values.json && values.format !== undefined) throw new UsageError('choose either --json or --format');
    if (values.git !== undefined && values['against-parent']) throw new UsageError('choose either --git or --against-parent');
    const one = values.git !== undefined || values['against-parent'] === true;
    if (positionals.length !== (one ? 1 : 2)) {
      throw new UsageError(!one ? 'give two policies: <old> <new>' : values.git !== undefined ? 'with --git, give one policy folder' : 'with --against-parent, give one policy: the school');
    }
    let diff;
    if (values['against-parent']) {
      const ref = positionals[0]!;
      const school = await loadPolicyRef(ref, io.cwd);
      const parent = await loadParentPolicy(school);
      if (!parent) throw new CliError(`${ref} extends no policy (its manifest has no extends:)`);
      diff = await diffPolicies(parent, school, { names: { old: school.manifest.extends!, new: ref } });
    } else if (values.git === undefined) {
      const [oldRef, newRef] = positionals as [string, string];
      const [oldPolicy, newPolicy] = await Promise.all([loadPolicyRef(oldRef, io.cwd), loadPolicyRef(newRef, io.cwd)]);
      diff = await diffPolicies(oldPolicy, newPolicy, { names: { old: oldRef, new: newRef } });
    } else {
      const dir = positionals[0]!;
      const oldPolicy = await loadPolicyAtRef(dir, values.git, io.cwd).catch((error: unknown) => {
        if (error instanceof GitRefError) throw new CliError(error.message);
        throw error;
      });
      const newPolicy = await loadPolicyRef(dir, io.cwd);
      diff = await diffPolicies(oldPolicy, newPolicy, { names: { old: `${dir} at ${values.git}`, new: dir } });
    }
    if (values.json) io.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
    else io.stdout.write(format === 'markdown' ? formatDiffMarkdown(diff) : formatDiffText(diff));
    return values['fail-on-change'] && diff.behaviour.changed > 0 ? EXIT.finding : EXIT.ok;
  },
};
