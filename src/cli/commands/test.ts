import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatCoverage, policyCoverage } from '../../analysis/coverage.js';
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
with their citations. The policy is the one each file names.

Options:
  --coverage             Also list the rules and ledger clauses no scenario exercises, with a percentage
  --min-coverage <N>     Fail (exit 1) when rule coverage is below N percent (implies --coverage)
  --json                 Print the results (and coverage) as JSON
  -h, --help             Show this help

Exit codes: 0 every scenario passed; 1 a scenario failed, a file is not valid, or coverage is
below --min-coverage; 2 usage error.
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
        ...(coverage ? { coverage } : {}),
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      for (const f of files) io.stdout.write(`${formatScenarioFileResult(f)}\n`);
      if (coverage) io.stdout.write(`\n${formatCoverage(coverage)}`);
      const notRun = invalid > 0 ? ` (${invalid} file${invalid === 1 ? '' : 's'} not run: see the problems above)` : '';
      io.stdout.write(`\n${scenarios.length - failed} passed, ${failed} failed${notRun}\n`);
    }
    if (belowMin) io.stderr.write(`online-safety test: rule coverage ${coverage.percent}% is below the minimum of ${min}%.\n`);
    return failed > 0 || invalid > 0 || belowMin ? EXIT.finding : EXIT.ok;
  },
};
