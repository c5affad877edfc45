import { existsSync, writeFileSync } from 'node:fs';
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
import { junitReport } from '../junit.js';

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
  --json                 Print the results (and coverage) as JSON (the same as --reporter json)
  --reporter <name>      text (default), json, or junit: JUnit XML, the test report CI systems
                         read (one testsuite per scenario file, one per policy's invariants)
  --output <file>        Write the report to this file instead of standard output; the text
                         results still go to standard output, e.g. --reporter junit --output junit.xml
  -h, --help             Show this help

Exit codes: 0 every scenario passed and every invariant holds; 1 a scenario failed, a file is
not valid, an invariant does not hold, or coverage is below --min-coverage; 2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      coverage: { type: 'boolean' },
      'min-coverage': { type: 'string' },
      json: { type: 'boolean' },
      reporter: { type: 'string' },
      output: { type: 'string' },
    });
    const reporter = reporterOption(values.reporter, values.json === true);
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

    const report = (text: string) => {
      if (values.output === undefined) return void io.stdout.write(text);
      try {
        writeFileSync(resolve(io.cwd, values.output), text);
      } catch (error) {
        throw new CliError(`cannot write the report to ${values.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    };
    if (reporter === 'junit') {
      const runs = invariants.map((i) => ({ policy: { id: i.policy.id, version: i.policy.version }, results: i.results, problems: i.problems }));
      report(junitReport(files, runs, coverage !== undefined && min !== undefined ? { percent: coverage.percent, min } : undefined));
    }
    if (reporter === 'json') {
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
      report(`${JSON.stringify(out, null, 2)}\n`);
    }
    // The text results: the report itself, or beside a report written to a file.
    if (reporter === 'text' || values.output !== undefined) {
      const lines: string[] = [];
      for (const f of files) lines.push(`${formatScenarioFileResult(f)}\n`);
      if (coverage) lines.push(`\n${formatCoverage(coverage)}`);
      for (const i of invariants) if (i.results.length > 0) lines.push(`\n${formatInvariantResults(i.policy.id, i.results)}`);
      for (const d of invariantProblems) lines.push(`${formatDiagnostic(d)}\n`);
      const notRun = invalid > 0 ? ` (${invalid} file${invalid === 1 ? '' : 's'} not run: see the problems above)` : '';
      lines.push(`\n${scenarios.length - failed} passed, ${failed} failed${notRun}\n`);
      if (reporter === 'text') report(lines.join(''));
      else io.stdout.write(lines.join(''));
    }
    if (belowMin) io.stderr.write(`online-safety test: rule coverage ${coverage.percent}% is below the minimum of ${min}%.\n`);
    return failed > 0 || invalid > 0 || belowMin || invariantProblems.length > 0 ? EXIT.finding : EXIT.ok;
  },
};

const REPORTERS = ['text', 'json', 'junit'] as const;

function reporterOption(value: string | undefined, json: boolean): (typeof REPORTERS)[number] {
  if (json && value !== undefined && value !== 'json') throw new UsageError(`--json and --reporter ${value} cannot be used together`);
  if (value === undefined) return json ? 'json' : 'text';
  const reporter = REPORTERS.find((r) => r === value);
  if (reporter === undefined) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')}, not "${value}"`);
  return reporter;
}

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
