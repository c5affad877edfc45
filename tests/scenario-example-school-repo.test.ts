// examples/school-repo, run as a school's own repository would run it: its two-line test file
// under vitest, with online-safety-rules installed (the built package, linked into node_modules).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

describe('examples/school-repo', () => {
  it('runs one vitest test per scenario through online-safety-rules/vitest', () => {
    const repo = mkdtempSync(join(tmpdir(), 'school-repo-'));
    cpSync(join(root, 'examples', 'school-repo'), repo, { recursive: true });
    mkdirSync(join(repo, 'node_modules'));
    symlinkSync(root, join(repo, 'node_modules', 'online-safety-rules'), 'dir');
    symlinkSync(join(root, 'node_modules', 'vitest'), join(repo, 'node_modules', 'vitest'), 'dir');
    const report = join(repo, 'report.json');
    execFileSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', `--outputFile=${report}`], {
      cwd: repo,
      stdio: 'ignore',
      env: { ...process.env, CI: 'true' },
    });
    const result = JSON.parse(readFileSync(report, 'utf8')) as { testResults: { assertionResults: { title: string; status: string }[] }[] };
    const tests = result.testResults.flatMap((f) => f.assertionResults.map((a) => [a.title, a.status]));
    expect(tests).toEqual([
      ['A teacher sends an offensive message to a pupil, so the LADO is told [sanctions-staff.row-09]', 'passed'],
      ['A teacher sends an offensive message to a colleague, so the headteacher deals with it [sanctions-staff.row-08]', 'passed'],
    ]);
  });
});
