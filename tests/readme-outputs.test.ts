// The README and docs pages show each command with its output. Those outputs must be real: every line shown
// (lines of "…" stand for what was left out) comes out of the CLI, in the same order.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './cli/run-cli.js';

interface Shown {
  line: number;
  args: string[];
  output: string[];
}

function shownCommands(readme: string): Shown[] {
  const lines = readme.split('\n');
  const shown: Shown[] = [];
  lines.forEach((text, i) => {
    const command = /^\$ npx online-safety(?: (.*))?$/.exec(text);
    if (!command) return;
    const output: string[] = [];
    for (let j = i + 1; j < lines.length && !lines[j]!.startsWith('```') && !lines[j]!.startsWith('$ '); j++) output.push(lines[j]!);
    shown.push({ line: i + 1, args: (command[1] ?? '').split(/\s+/).filter(Boolean), output });
  });
  return shown;
}

/** The shown lines that are missing from the actual output, or out of order. */
function missing(shown: string[], actual: string[]): string[] {
  const absent: string[] = [];
  let at = 0;
  for (const line of shown) {
    if (/^\s*(…|\.\.\.)\s*$/.test(line)) continue;
    const found = actual.indexOf(line, at);
    if (found === -1) absent.push(line);
    else at = found + 1;
  }
  return absent;
}

const readme = readFileSync('README.md', 'utf8');
// The README and every page of docs/ show commands; each shown output is checked where it is.
const pages = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).sort().map((f) => join('docs', f))];
const commands = pages.flatMap((page) => shownCommands(readFileSync(page, 'utf8')).map((c) => ({ ...c, page })));

describe('README and docs: the commands shown with their output', () => {
  it('shows commands', () => {
    expect(commands.length).toBeGreaterThan(5);
  });

  it('Quick start: what `npm run example` is shown to print', async () => {
    const example = JSON.parse(readFileSync('package.json', 'utf8')).scripts.example as string;
    expect(example).toBe('tsx src/cli/main.ts evaluate --policy elim-school examples/incidents/teacher-texts-pupil.yaml');
    const after = readme.slice(readme.indexOf('`npm run example` prints'));
    const block = after.slice(after.indexOf('```\n') + 4, after.indexOf('\n```', after.indexOf('```\n') + 4)).split('\n');
    expect(block.length).toBeGreaterThan(5);
    const r = await cli(['evaluate', '--policy', 'elim-school', 'examples/incidents/teacher-texts-pupil.yaml']);
    expect(missing(block, r.stdout.split('\n'))).toEqual([]);
  });

  it.each(commands.map((c) => [`${c.page}:${c.line}: online-safety ${c.args.join(' ')}`, c] as const))('%s', async (_, c) => {
    const r = await cli(c.args);
    const actual = `${r.stdout}${r.stderr}`.split('\n');
    expect(missing(c.output, actual)).toEqual([]);
  });
});
