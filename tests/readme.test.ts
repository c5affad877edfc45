import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBundledPolicy } from '../src/index.js';

// The README's ledger table must say what the manifests say.
const readme = readFileSync('README.md', 'utf8');

describe('README ledger totals', () => {
  it.each([
    ['MAST Academy Trust', 'mast-academy-trust'],
    ['eLiM School', 'elim-school'],
  ])('%s row matches rules/%s', async (title, id) => {
    const policy = await loadBundledPolicy(id);
    const clauses = policy.manifest.clauses;
    const notExecutable = clauses.filter((c) => c.notExecutable !== undefined).length;
    const row = readme.split('\n').find((line) => line.startsWith(`| ${title} |`));
    expect(row, `README row for ${title}`).toBeDefined();
    const cells = row!.split('|').map((c) => c.trim());
    expect(cells.slice(2, 6).map(Number)).toEqual([clauses.length, clauses.length - notExecutable, notExecutable, policy.rules.length]);
  });
});
