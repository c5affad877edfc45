import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, root } from './run-cli.js';

const MY_COMMANDS = ['evaluate', 'explain', 'validate', 'test', 'list'];

describe('online-safety (top level)', () => {
  it('--help lists every command and the exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const name of MY_COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(r.stdout).toContain('Exit codes: 0 success, 1 a finding');
    expect(r.stderr).toBe('');
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `online-safety ${version}\n`, stderr: '' });
  });

  it('with no command, prints the help on stderr and exits 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: online-safety <command>');
  });

  it('an unknown command is a usage error with a suggestion, exit 2', async () => {
    const r = await cli(['evalute']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'online-safety: unknown command "evalute" (did you mean "evaluate"?).\nRun "online-safety --help" for usage.\n',
    });
  });

  it.each(MY_COMMANDS)('%s --help prints its usage and exits 0', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: online-safety ${name}`));
    expect((await cli(['help', name])).stdout).toBe(r.stdout);
  });

  it('an unknown option is one sentence on stderr, exit 2, no stack trace', async () => {
    const r = await cli(['list', '--colour']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('online-safety list: unknown option --colour.\nRun "online-safety list --help" for usage.\n');
  });

  it('--debug is accepted anywhere and changes nothing for a normal run', async () => {
    expect((await cli(['--debug', 'list', 'roles'])).stdout).toBe((await cli(['list', 'roles'])).stdout);
    expect((await cli(['list', 'roles', '--debug'])).code).toBe(0);
  });
});

describe('online-safety --debug', () => {
  // No input reaches "internal error" any more (docs/reliability.md); an output folder that is a file still does.
  const args = ['render', 'mast-academy-trust', '--out', 'tests/fixtures/cli/incidents/message-to-pupil.yaml'];

  it('an unexpected error is one sentence without a stack trace, exit 1', async () => {
    const r = await cli(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^online-safety render: internal error: EEXIST: file already exists, mkdir '[^']+' \(run with --debug for the stack trace\)\n$/);
  });

  it('with --debug, the stack trace follows', async () => {
    const r = await cli(['--debug', ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^online-safety render: internal error: EEXIST: file already exists, mkdir '[^']+'\nError: EEXIST[^\n]*\n\s+at /);
  });

  it('a rule file that is a folder is a positioned problem of the policy, not an internal error', async () => {
    const r = await cli(['evaluate', '--policy', 'tests/fixtures/cli/unreadable-policy', 'tests/fixtures/cli/incidents/message-to-pupil.yaml']);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'tests/fixtures/cli/unreadable-policy/policy.yaml: is a folder, not a regular file\nonline-safety evaluate: the policy did not load (1 problem).\n',
    });
  });
});
