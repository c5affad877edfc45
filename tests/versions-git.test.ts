// A policy's earlier versions read from git (docs/your-school.md, Versions): every version the
// folder's policy.yaml has had in its commits, as last committed, with the folder as it is now as
// the current version; the same checks as versions/, and --git-history on the command line.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAsOf, GitRefError, loadPolicyAtRef, loadPolicyVersionsFromGit, PolicyLoadError, policyInForce, type IncidentInput } from '../src/index.js';
import { cli } from './cli/run-cli.js';

const repo = mkdtempSync(join(tmpdir(), 'online-safety-git-history-'));
const school = join(repo, 'school');
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, stdio: 'pipe' });
const phone: IncidentInput = { people: [{ role: 'pupil', involvement: 'subject' }], activities: ['using-personal-mobile-device'], facts: { 'lesson-time': true } };

/** The example school's folder as version `from` had it (0.9: versions/0.9; 1.0: the folder itself, without versions/). */
function writeVersion(version: '0.9' | '1.0'): void {
  rmSync(school, { recursive: true, force: true });
  cpSync(version === '0.9' ? 'examples/mast-school/versions/0.9' : 'examples/mast-school', school, { recursive: true, filter: (src) => !src.includes('versions') || version === '0.9' });
  rmSync(join(school, 'scenarios'), { recursive: true, force: true });
}

beforeAll(() => {
  git('init', '-q');
  writeVersion('0.9');
  git('add', '-A');
  git('commit', '-qm', 'Harbour policy 0.9');
  // A later commit of 0.9 (a comment changed): the version as last committed is the one read.
  writeFileSync(join(school, 'phones.yaml'), `# as last committed\n${readFileSync(join(school, 'phones.yaml'), 'utf8')}`);
  git('commit', '-qam', 'Harbour policy 0.9, a comment');
  writeVersion('1.0');
  git('add', '-A');
  git('commit', '-qm', 'Harbour policy 1.0');
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('loadPolicyVersionsFromGit', () => {
  it('finds each version the manifest has had, as last committed, and the folder as it is now as the current one', async () => {
    const versions = await loadPolicyVersionsFromGit('school', repo);
    expect(versions.versions.map((v) => `${v.version} ${v.approvedOn}`)).toEqual(['0.9 2025-09-01', '1.0 2026-09-01']);
    expect(versions.current.version).toBe('1.0');
    // 0.9 as last committed (HEAD~1, with the comment), not as first committed (HEAD~2).
    const [last, first] = await Promise.all([loadPolicyAtRef('school', 'HEAD~1', repo), loadPolicyAtRef('school', 'HEAD~2', repo)]);
    expect(versions.versions[0]!.policy.digest).toBe(last.digest);
    expect(last.digest).not.toBe(first.digest);
    expect(policyInForce(versions, '2026-03-15').version).toBe('0.9');
    const d = await evaluateAsOf(versions, phone, { asOf: '2026-03-15', today: '2026-11-26' });
    expect(d.policy).toMatchObject({ version: '0.9', inForce: { on: '2026-03-15', chosenBy: 'as-of', approvedOn: '2025-09-01' } });
    expect(d.notifications.find((o) => o.target === 'parents')?.modality).toBe('should');
    expect(versions.versions[0]!.policy.rules.find((r) => r.policy === 'mast-harbour-primary')?.file).toMatch(/^[0-9a-f]{12}:school\/phones\.yaml$/);
  });

  it('checks them as versions/ is checked: an earlier version approved after the current one is an error at its commit', async () => {
    const manifest = join(school, 'policy.yaml');
    const text = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, text.replace(/^approvedOn: .*$/m, 'approvedOn: 2025-06-01'));
    try {
      const error = await loadPolicyVersionsFromGit('school', repo).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PolicyLoadError);
      expect((error as PolicyLoadError).diagnostics).toEqual([
        expect.objectContaining({ code: 'version-after-current', file: expect.stringMatching(/^[0-9a-f]{12}:school[\\/]policy\.yaml$/), line: expect.any(Number) }),
      ]);
    } finally {
      writeFileSync(manifest, text);
    }
  });

  it('outside a git repository: a GitRefError saying so', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'online-safety-no-git-'));
    try {
      cpSync(school, join(outside, 'school'), { recursive: true });
      await expect(loadPolicyVersionsFromGit('school', outside)).rejects.toThrow(GitRefError);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('--git-history', () => {
  it('evaluate decides under the version in force on the date, read from git', async () => {
    writeFileSync(join(repo, 'incident.yaml'), 'date: 2026-03-15\npeople: [{ role: pupil, involvement: subject }]\nactivities: [using-personal-mobile-device]\nfacts: { lesson-time: true }\n');
    const r = await cli(['evaluate', '--policy', 'school', '--git-history', '--today', '2026-11-26', '--json', 'incident.yaml'], { cwd: repo });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).policy).toMatchObject({ version: '0.9', inForce: { chosenBy: 'incident-date' } });
    // Without it, the folder keeps no versions/: the current version decides.
    expect(JSON.parse((await cli(['evaluate', '--policy', 'school', '--today', '2026-11-26', '--json', 'incident.yaml'], { cwd: repo })).stdout).policy.version).toBe('1.0');
  });

  it('is refused for a bundled policy (exit 2)', async () => {
    const r = await cli(['evaluate', '--policy', 'elim-school', '--git-history', 'incident.yaml'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--git-history reads a policy folder');
  });
});
