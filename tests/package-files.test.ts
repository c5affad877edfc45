// What `npm pack` ships: every file something loads or a reader follows, and nothing else.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path/posix';
import { beforeAll, describe, expect, it } from 'vitest';

let files: string[];
beforeAll(() => {
  // --ignore-scripts: nothing runs but the listing (the build is tests/build-once.ts's).
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path).sort();
});

const shipped = (path: string) => files.includes(path) || files.some((f) => f.startsWith(`${path.replace(/\/$/, '')}/`));

/** The relative module specifiers a built file loads (import, export ... from, require, import()). */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
}

describe('the package tarball', () => {
  it('holds the licence, the changelog, the readme and no build leftovers', () => {
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'dist/index.js', 'dist/index.cjs', 'dist/cli.js', 'dist/vitest.js']));
    // Nothing loads these: the CLI runs as ESM, vitest cannot be required, the snapshot tool runs at build time.
    expect(files.filter((f) => /^dist\/(cli\.cjs|vitest\.c?js\.map|vitest\.cjs|vitest\.d\.cts|snapshot-build\.)/.test(f))).toEqual([]);
    expect(files.filter((f) => /^(src|tests|bench|scripts)\//.test(f) || f.endsWith('.map'))).toEqual([]);
  });

  it('every built file is loaded by an entry point, and everything they load is in it', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string>; exports: Record<string, unknown> };
    // Every target of the (nested) export conditions.
    const targets = (e: unknown): string[] => (typeof e === 'string' ? [e] : e !== null && typeof e === 'object' ? Object.values(e).flatMap(targets) : []);
    const entries = [...Object.values(pkg.bin), ...targets(pkg.exports)]
      .filter((p) => !p.includes('*'))
      .map((p) => normalize(p));
    for (const entry of entries) expect(files, `exports/bin target ${entry}`).toContain(entry);
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      if (!/\.(c?js|d\.c?ts)$/.test(file)) return;
      for (const spec of relativeImports(file)) {
        let target = join(dirname(file), spec);
        // Declaration files name the .js they describe; the .d.ts is what is loaded.
        if (/\.d\.c?ts$/.test(file)) target = target.replace(/\.js$/, '.d.ts').replace(/\.cjs$/, '.d.cts');
        expect(files, `${file} loads ${spec}`).toContain(target);
        visit(target);
      }
    };
    entries.forEach(visit);
    // The triage page's script is read (not imported) by render --format app, and inlined.
    reached.add('dist/app.js');
    expect(files.filter((f) => f.startsWith('dist/') && !reached.has(f))).toEqual([]);
  });

  it('exports the JSON schemas as online-safety-rules/schemas/*.json', () => {
    const schemas = files.filter((f) => f.startsWith('schemas/'));
    expect(schemas).toEqual(expect.arrayContaining(['schemas/incident.schema.json', 'schemas/decision.schema.json', 'schemas/rule-file.schema.json']));
    expect(schemas.every((f) => f.endsWith('.json'))).toBe(true);
  });

  it('every relative link in the README resolves inside the package', () => {
    const links = [...readFileSync('README.md', 'utf8').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/i.test(l) && !l.startsWith('#'));
    expect(links.length).toBeGreaterThan(5);
    expect(links.map((l) => l.replace(/#.*$/, '')).filter((l) => !shipped(normalize(l)))).toEqual([]);
  });
});
