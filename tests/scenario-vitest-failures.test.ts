// runScenarios under a real vitest run: a failing scenario fails its own test with the diff, and
// an invalid scenario file fails with its positioned diagnostics (fixtures under tests/fixtures/cli).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

interface Report {
  testResults: { name: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

describe('runScenarios in a vitest run', () => {
  it('reports a failing scenario and an invalid file as failed tests with readable messages', () => {
    const repo = mkdtempSync(join(tmpdir(), 'run-scenarios-'));
    for (const dir of ['policy', 'scenarios-failing', 'invalid']) cpSync(join(root, 'tests', 'fixtures', 'cli', dir), join(repo, dir), { recursive: true });
    mkdirSync(join(repo, 'node_modules'));
    symlinkSync(root, join(repo, 'node_modules', 'online-safety-rules'), 'dir');
    symlinkSync(join(root, 'node_modules', 'vitest'), join(repo, 'node_modules', 'vitest'), 'dir');
    writeFileSync(join(repo, 'package.json'), '{ "type": "module" }\n');
    cpSync(join(root, 'tests', 'fixtures', 'cli', 'run-scenarios.test.js'), join(repo, 'policy.test.js'));
    const report = join(repo, 'report.json');
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', `--outputFile=${report}`], { cwd: repo, stdio: 'ignore' });
      throw new Error('expected the vitest run to fail');
    } catch (error) {
      expect((error as { status?: number }).status).toBe(1);
    }
    const results = (JSON.parse(readFileSync(report, 'utf8')) as Report).testResults.flatMap((f) => f.assertionResults);
    expect(results.map((r) => [r.fullName, r.status])).toEqual([
      ['invalid/bad-cite.yaml Cites a clause the policy does not have [grid.row-99]', 'failed'],
      ['invalid/bad-scenario.yaml is a valid scenario file', 'failed'],
      ['scenarios-failing/wrong-expectations.yaml Expects the wrong force and forbids what the policy requires', 'failed'],
      ['scenarios-failing/wrong-expectations.yaml Passes', 'passed'],
    ]);
    const message = (i: number) => results[i]!.failureMessages.join('\n');
    expect(message(0)).toContain('invalid/bad-cite.yaml:4:11: cite "grid.row-99" names no clause of cli-test-school');
    expect(message(1)).toContain('invalid/bad-scenario.yaml:9:19: unknown referral target "lad" (did you mean "lado"?)');
    expect(message(2)).toContain(
      [
        'scenarios-failing/wrong-expectations.yaml:4: scenario "Expects the wrong force and forbids what the policy requires" failed',
        '  - expected referral lado (should), but the decision has referral lado (must) [grid.row-1]',
        '  - forbidden notification parents, but the decision has notification parents (should, by headteacher) [parents.1]',
        "  the decision's outcomes:",
        '    referral lado (must) [grid.row-1] ← row-1-offensive-message-to-learner',
      ].join('\n'),
    );
  });
});
