import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { cli, root } from './run-cli.js';

let bash: string;
beforeAll(async () => {
  const r = await cli(['completion', 'bash']);
  expect(r.code).toBe(0);
  bash = r.stdout;
});

/** What bash offers for a command line (the last word is the one being completed), from the repository root. */
function complete(words: string[]): string[] {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const script = `${bash}\ncomplete -p online-safety\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _online_safety; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const [registered, ...offered] = execFileSync('bash', ['--norc', '--noprofile', '-c', script], { cwd: root, encoding: 'utf8' }).trimEnd().split('\n');
  expect(registered).toBe('complete -o filenames -F _online_safety online-safety');
  return offered.filter(Boolean).sort();
}

describe('online-safety completion', () => {
  it('bash: completes commands, their options, policy ids, list names and files', () => {
    expect(complete(['online-safety', 'ev'])).toEqual(['evaluate']);
    expect(complete(['online-safety', 't'])).toEqual(['test', 'triage', 'types']);
    expect(complete(['online-safety', 'evaluate', '--a'])).toEqual(['--all-questions', '--as-of']);
    expect(complete(['online-safety', 'test', '--re'])).toEqual(['--reporter']);
    expect(complete(['online-safety', 'fmt', '--'])).toEqual(['--check', '--debug', '--diff', '--help', '--max-file-size', '--max-policy-size']);
    expect(complete(['online-safety', 'evaluate', '--policy', 'e'])).toEqual(['elim-school', 'examples']);
    expect(complete(['online-safety', 'explain', '-p', 'm'])).toEqual(['mast-academy-trust']);
    expect(complete(['online-safety', 'list', 't'])).toEqual(['targets', 'technologies']);
    expect(complete(['online-safety', 'completion', ''])).toEqual(['bash', 'zsh']);
    expect(complete(['online-safety', 'help', 'fm'])).toEqual(['fmt']);
    expect(complete(['online-safety', 'test', 'tests/fixtures/cli/scen'])).toEqual(['tests/fixtures/cli/scenarios', 'tests/fixtures/cli/scenarios-failing']);
  });

  it('offers every command, and each command the options its help lists', () => {
    for (const c of commands) {
      const line = bash.split('\n').find((l) => l.startsWith(`    ${c.name}) `));
      expect(line, c.name).toBeDefined();
      for (const option of c.help.match(/^ {2,}(?:-[a-zA-Z], )?--[a-z][a-z-]*/gm) ?? []) expect(line, `${c.name} ${option}`).toContain(option.trim().split(', ').at(-1)!);
    }
    expect(complete(['online-safety', '']).filter((w) => !w.startsWith('-') && w !== 'help')).toEqual(commands.map((c) => c.name).sort());
  });

  it('zsh: the same completion through bashcompinit', async () => {
    const zsh = await cli(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toContain('autoload -U +X bashcompinit && bashcompinit\n');
    expect(zsh.stdout.slice(zsh.stdout.indexOf('_online_safety() {'))).toBe(bash.slice(bash.indexOf('_online_safety() {')));
  });

  it('names a shell it supports', async () => {
    const r = await cli(['completion', 'fish']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no completion for "fish": choose bash or zsh');
    expect((await cli(['completion'])).code).toBe(2);
  });
});
