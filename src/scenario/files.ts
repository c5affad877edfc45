import { existsSync, lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCENARIO_FILE = /\.ya?ml$/i;

/**
 * The scenario files named by a file, a folder (every .yaml/.yml below it) or a glob with `*`
 * and `**` (e.g. "tests/scenarios/**\/*.yaml"), relative to `cwd`; absolute paths, sorted.
 * Synchronous, so that vitest can register one test per scenario while collecting. Folders
 * holding a policy (policy.yaml) are skipped, so scenarios may sit beside their policy.
 */
export function findScenarioFiles(globOrDir: string | URL, cwd = process.cwd()): string[] {
  const pattern = globOrDir instanceof URL ? fileURLToPath(globOrDir) : globOrDir;
  const absolute = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
  if (!/[*?[]/.test(pattern)) {
    if (!existsSync(absolute)) return lstatOrUndefined(absolute)?.isSymbolicLink() ? [absolute] : [];
    return statSync(absolute).isDirectory() ? walk(absolute).filter((f) => SCENARIO_FILE.test(f)) : [absolute];
  }
  // The folder before the first wildcard is where the walk starts.
  const parts = absolute.split(sep);
  const firstWild = parts.findIndex((p) => /[*?[]/.test(p));
  const base = parts.slice(0, firstWild).join(sep) || sep;
  if (!existsSync(base)) return [];
  const matcher = globToRegExp(parts.slice(firstWild).join('/'));
  return walk(base).filter((f) => matcher.test(relative(base, f).split(sep).join('/')));
}

/** Files below a folder; policy folders (holding policy.yaml) are rule files, not scenarios, and are skipped. */
function walk(dir: string): string[] {
  const out: string[] = [];
  if (existsSync(join(dir, 'policy.yaml'))) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    // Only real folders are entered (a link to one is not: no loops). Every other entry is kept,
    // links and FIFOs too, so that one named like a scenario file is reported, not skipped.
    if (entry.isDirectory()) out.push(...walk(path));
    else out.push(path);
  }
  return out.sort();
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // "**/" matches zero or more folders; a trailing "**" matches anything.
      if (glob[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
