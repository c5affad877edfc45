// Every relative link of the README and of docs/ leads to a file or folder of the repository, and
// every #anchor to a heading of the page it names: the README was split into docs/ pages, and a
// link left pointing at a section that moved would send a reader nowhere.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const pages = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchors(page: string): Set<string> {
  const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1]!)));
}

describe('links in the README and docs/', () => {
  it.each(pages)('%s: every relative link resolves', (page) => {
    const text = readFileSync(page, 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [path, hash] = target!.split('#');
      const file = path === '' ? page : normalize(join(dirname(page), path!));
      if (!existsSync(file)) broken.push(`${target} (no ${file})`);
      else if (hash !== undefined && file.endsWith('.md') && !anchors(file).has(hash)) broken.push(`${target} (no heading #${hash} in ${file})`);
    }
    expect(broken).toEqual([]);
  });
});
