import { existsSync, lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';

const SCENARIO_FILE = /\.ya?ml$/i;

/**
 * The scenario files named by a file, a folder (every .yaml/.yml below it) or a glob (picomatch:
 * `*`, `**`, `?`, braces `{a,b}`, classes `[0-9]`; e.g. "tests/scenarios/**\/*.{yaml,yml}"),
 * relative to `cwd`; absolute paths, sorted.
 * Synchronous, so that vitest can register one test per scenario while collecting. Folders
 * holding a policy (policy.yaml) are skipped, so scenarios may sit beside their policy.
 */
export function findScenarioFiles(globOrDir: string | URL, cwd = process.cwd()): string[] {
  const pattern = globOrDir instanceof URL ? fileURLToPath(globOrDir) : globOrDir;
  const absolute = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
  if (!picomatch.scan(pattern).isGlob) {
    if (!existsSync(absolute)) return lstatOrUndefined(absolute)?.isSymbolicLink() ? [absolute] : [];
    return statSync(absolute).isDirectory() ? walk(absolute).filter((f) => SCENARIO_FILE.test(f)) : [absolute];
  }
  // The folder before the first wildcard is where the walk starts; the rest is matched below it.
  const { base, glob } = picomatch.scan(absolute.split(sep).join('/'));
  const start = base === '' ? sep : base.split('/').join(sep);
  if (!existsSync(start)) return [];
  // posix: `[!m]` negates a class, as in a shell (without it picomatch reads "!" as a member).
  const matches = picomatch(glob, { dot: false, posix: true });
  return walk(start).filter((f) => matches(relative(start, f).split(sep).join('/')));
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

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
