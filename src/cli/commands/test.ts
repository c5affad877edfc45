import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatCoverage, policyCoverage } from '../../analysis/coverage.js';
import { checkInvariants, formatInvariantResults, invariantDiagnostics, readInvariants, type InvariantResult } from '../../analysis/invariants.js';
import { PolicyLoadError, formatDiagnostic, type Diagnostic } from '../../policy/diagnostics.js';
import type { Policy } from '../../engine/policy.js';
import { formatScenarioFileResult } from '../../scenario/report.js';
import { runScenarioPaths } from '../../scenario/run.js';
import { numberOption, parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { CliError } from '../errors.js';

const DEFAULT_DIR = 'tests/scenarios';

export const testCommand: Command = {
  name: 'test',
  summary: 'Run YAML scenario files: pass/fail per scenario, with policy coverage',
  help: `Usage: online-safety test [options] [paths...]

Runs scenario files (a file, a folder of .yaml files, or a glob such as "tests/**/*.yaml";
default: ${DEFAULT_DIR}). Each scenario names an incident and what the decision must contain
(expect), must not contain (forbid), exactly (no other outcomes) and must ask (asks). Prints
pass or FAIL per scenario; a failure shows each unmet expectation and the decision's outcomes
with their citations. The policy is the one each file names. Each policy's invariants.yaml, if
it has one, is checked over its whole incident space; a failing invariant prints its first
counterexample as an incident file.

Options:
  --coverage             Also list the rules and ledger clauses no scenario exercises, with a percentage
  --min-coverage <N>     Fail (exit 1) when rule coverage is below N percent (implies --coverage)
  --json                 Print the results (and coverage) as JSON
  -h, --help             Show this help

Exit codes: 0 every scenario passed and every invariant holds; 1 a scenario failed, a file is
not valid, an invariant does not hold, or coverage is below --min-coverage; 2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      coverage: { type: 'boolean' },
      'min-coverage': { type: 'string' },
      json: { type: 'boolean' },
    });
    const min = numberOption(values['min-coverage'], 'min-coverage', { min: 0, max: 100 });
    const wantCoverage = values.coverage === true || min !== undefined;
    let paths = positionals;
    if (paths.length === 0) {
      if (!existsSync(resolve(io.cwd, DEFAULT_DIR))) throw new UsageError(`name scenario files or folders (there is no ${DEFAULT_DIR} folder here)`);
      paths = [DEFAULT_DIR];
    }
    const files = await runScenarioPaths(paths, io.cwd);
    if (files.length === 0) throw new CliError(`no scenario files (.yaml) found in ${paths.join(', ')}`);

    const scenarios = files.flatMap((f) => f.results);
    const failed = scenarios.filter((s) => !s.passed).length;
    const invalid = files.filter((f) => f.diagnostics.length > 0).length;
    const runs = files.filter((f) => f.policy).map((f) => ({ policy: f.policy as Policy, decisions: f.results.map((r) => r.decision) }));
    const coverage = wantCoverage ? policyCoverage(runs) : undefined;
    const belowMin = coverage !== undefined && min !== undefined && coverage.percent < min;
    const invariants = await policyInvariants(runs.map((r) => r.policy));
    const invariantProblems = invariants.flatMap((i) => i.problems);

    if (values.json) {
      const out = {
        files: files.map((f) => ({
          file: f.file,
          policy: f.policy ? { id: f.policy.id, version: f.policy.version } : null,
          diagnostics: f.diagnostics,
          scenarios: f.results,
        })),
        passed: scenarios.length - failed,
        failed,
        invalidFiles: invalid,
        invariants: invariants.map((i) => ({ policy: i.policy.id, results: i.results, problems: i.problems })),
        ...(coverage ? { coverage } : {}),
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      for (const f of files) io.stdout.write(`${formatScenarioFileResult(f)}\n`);
      if (coverage) io.stdout.write(`\n${formatCoverage(coverage)}`);
      for (const i of invariants) if (i.results.length > 0) io.stdout.write(`\n${formatInvariantResults(i.policy.id, i.results)}`);
      for (const d of invariantProblems) io.stdout.write(`${formatDiagnostic(d)}\n`);
      const notRun = invalid > 0 ? ` (${invalid} file${invalid === 1 ? '' : 's'} not run: see the problems above)` : '';
      io.stdout.write(`\n${scenarios.length - failed} passed, ${failed} failed${notRun}\n`);
    }
    if (belowMin) io.stderr.write(`online-safety test: rule coverage ${coverage.percent}% is below the minimum of ${min}%.\n`);
    return failed > 0 || invalid > 0 || belowMin || invariantProblems.length > 0 ? EXIT.finding : EXIT.ok;
  },
};

/** Each distinct policy's invariants (none if it has no invariants.yaml), checked once. */
async function policyInvariants(policies: Policy[]): Promise<{ policy: Policy; results: InvariantResult[]; problems: Diagnostic[] }[]> {
  const distinct = [...new Map(policies.map((p) => [`${p.dir}\0${p.digest}`, p])).values()];
  const out = [];
  for (const policy of distinct) {
    try {
      const loaded = readInvariants(policy);
      if (!loaded) continue;
      const results = await checkInvariants(policy, loaded);
      out.push({ policy, results, problems: invariantDiagnostics(loaded.file, results) });
    } catch (error) {
      if (!(error instanceof PolicyLoadError)) throw error;
      out.push({ policy, results: [], problems: error.diagnostics });
    }
  }
  return out;
}
