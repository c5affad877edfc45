import { describe, expect, it } from 'vitest';
import { cli, fixtures } from './run-cli.js';

describe('online-safety test', () => {
  it('passing scenario files: pass per scenario, a count, exit 0', async () => {
    const r = await cli(['test', `${fixtures}/scenarios`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${fixtures}/scenarios/message-to-pupil.yaml (cli-test-school 2.1.0)\n  pass  A teacher sends an offensive message to a pupil [grid.row-1]\n`);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('3 passed, 0 failed');
  });

  it('a failing scenario: each unmet expectation and the actual outcomes with citations, exit 1', async () => {
    const r = await cli(['test', `${fixtures}/scenarios-failing`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      [
        `  FAIL  Expects the wrong force and forbids what the policy requires (${fixtures}/scenarios-failing/wrong-expectations.yaml:4)`,
        '        - expected referral lado (should), but the decision has referral lado (must) [grid.row-1]',
        '        - forbidden notification parents, but the decision has notification parents (should, by headteacher) [parents.1]',
        "        the decision's outcomes:",
        '          referral lado (must) [grid.row-1] ← row-1-offensive-message-to-learner',
        '          notification parents (should, by headteacher) [parents.1] ← parents-told-when-pupil-involved',
        '  pass  Passes',
      ].join('\n'),
    );
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('1 passed, 1 failed');
  });

  it('an invalid scenario file is not run and fails the run', async () => {
    const r = await cli(['test', `${fixtures}/invalid/bad-cite.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${fixtures}/invalid/bad-cite.yaml: not run\n  ${fixtures}/invalid/bad-cite.yaml:4:11: cite "grid.row-99"`);
  });

  it('--coverage lists the rules and clauses no scenario exercises, with percentages', async () => {
    const r = await cli(['test', '--coverage', `${fixtures}/scenarios`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        'Coverage of cli-test-school 2.1.0 by 3 scenarios: rules 2/3 (66.6%), clauses 2/3 (66.6%)',
        '  rules no scenario exercises:',
        `    row-2-deliberate-access-offensive [grid.row-2] (${fixtures}/policy/rules.yaml:13)`,
        '  clauses no scenario exercises:',
        '    grid.row-2 — Sanctions: Staff: Deliberately accessing offensive material (L)',
        'Rule coverage: 66.6%',
      ].join('\n'),
    );
  });

  it('--min-coverage fails below the minimum and passes at or above it', async () => {
    const below = await cli(['test', '--min-coverage', '90', `${fixtures}/scenarios`]);
    expect(below.code).toBe(1);
    expect(below.stderr).toBe('online-safety test: rule coverage 66.6% is below the minimum of 90%.\n');
    expect((await cli(['test', '--min-coverage', '60', `${fixtures}/scenarios`])).code).toBe(0);
    expect((await cli(['test', '--min-coverage', 'most', `${fixtures}/scenarios`])).code).toBe(2);
  });

  it('--json gives the results as data', async () => {
    const r = await cli(['test', '--json', `${fixtures}/scenarios-failing`]);
    const out = JSON.parse(r.stdout) as { passed: number; failed: number; files: { scenarios: { passed: boolean; failures: string[] }[] }[] };
    expect([out.passed, out.failed]).toEqual([1, 1]);
    expect(out.files[0]!.scenarios[0]!.failures).toHaveLength(2);
  });

  it('a glob matching no file is one sentence, exit 1', async () => {
    expect(await cli(['test', `${fixtures}/nothing-here/*.yaml`])).toEqual({ code: 1, stdout: '', stderr: `online-safety test: no scenario files (.yaml) found in ${fixtures}/nothing-here/*.yaml\n` });
  });
});
