import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cli/run-cli.js';

const OLD = 'tests/fixtures/diff/old';
const NEW = 'tests/fixtures/diff/new';

describe('online-safety diff (built CLI)', () => {
  it('prints the structural and behavioural changes, and exits 0', async () => {
    const r = await cli(['diff', OLD, NEW]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Policy diff-test-school: 1\.0\.0 \(tests\/fixtures\/diff\/old\) → 2\.0\.0 \(tests\/fixtures\/diff\/new\)\n/);
    expect(r.stdout).toContain('\nRules\n  ~ grid-row-1-offensive-message-to-learner: Sending an offensive message to a learner\n');
    expect(r.stdout).toContain('Behaviour: 8 of 40 incidents compared get a different decision.\n  Exhaustive over the incident space of both versions: 40 incidents:');
    expect(r.stdout).toContain('  Stronger: Refer to the headteacher (should → must): 1 incident\n');
  });

  it('--fail-on-change exits 1 when the behaviour changed, 0 when it did not', async () => {
    expect((await cli(['diff', '--fail-on-change', OLD, NEW])).code).toBe(1);
    const same = await cli(['diff', '--fail-on-change', OLD, OLD]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/Behaviour: no change\. \d+ incidents compared; every one gets the same decision under both versions\./);
  });

  it('--json gives the whole diff as data, --format markdown a pull-request comment', async () => {
    const json = JSON.parse((await cli(['diff', '--json', OLD, NEW])).stdout) as { behaviour: { compared: number; changed: number }; structural: { rules: { renamed: unknown[] } } };
    expect(json.behaviour).toMatchObject({ compared: 40, changed: 8 });
    expect(json.structural.rules.renamed).toHaveLength(1);
    const md = (await cli(['diff', '--format', 'markdown', OLD, NEW])).stdout;
    expect(md).toMatch(/^## Policy diff: diff-test-school 1\.0\.0 → 2\.0\.0\n/);
    expect(md).toContain('| Change | Incidents | Activities | Smallest example | Rules |');
  });

  it('--git <ref> compares a folder with itself at that ref', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'online-safety-diff-git-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], { cwd: repo, stdio: 'ignore' });
      git('init', '-q', '-b', 'main');
      cpSync(OLD, join(repo, 'policy'), { recursive: true });
      git('add', '.');
      git('commit', '-q', '-m', 'v1');
      cpSync(NEW, join(repo, 'policy'), { recursive: true });
      const r = await cli(['diff', '--git', 'main', 'policy'], { cwd: repo });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Policy diff-test-school: 1\.0\.0 \(policy at main\) → 2\.0\.0 \(policy\)\n/);
      expect(r.stdout).toContain('Behaviour: 8 of 40 incidents compared get a different decision.');
      const bad = await cli(['diff', '--git', 'no-such-branch', 'policy'], { cwd: repo });
      expect(bad).toMatchObject({ code: 1, stdout: '' });
      expect(bad.stderr).toBe('online-safety diff: "no-such-branch" is not a git commit, branch or tag here\n');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['diff', OLD])).code).toBe(2);
    expect((await cli(['diff', '--format', 'pdf', OLD, NEW])).code).toBe(2);
    expect((await cli(['diff', '--git', 'main', OLD, NEW])).code).toBe(2);
  });

  it('examples/policy-change: the output shown in docs/reviewers.md is what diff prints', async () => {
    const r = await cli(['diff', 'examples/policy-change/before', 'examples/policy-change/after']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync('examples/policy-change/diff.txt', 'utf8'));
    const readme = readFileSync('docs/reviewers.md', 'utf8');
    expect(readme).toContain(r.stdout.split('\n').slice(0, 12).join('\n'));
  });
});
