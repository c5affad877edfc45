// docs/cli-reference.md is the commands' help texts; it must not drift from them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.js';
import { cliReference } from '../../src/cli/reference.js';

describe('docs/cli-reference.md', () => {
  it('is what `npm run docs:cli` writes from the help texts (run it after changing a command)', () => {
    expect(readFileSync('docs/cli-reference.md', 'utf8')).toBe(cliReference());
  });

  it('has a section for every command, with its help', () => {
    const page = cliReference();
    for (const c of commands) {
      expect(page).toContain(`## \`${c.name}\``);
      expect(page).toContain(c.help.trimEnd());
    }
  });
});
