import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FormatError, formatPolicyFile } from '../src/policy/format.js';
import { cli } from './cli/run-cli.js';

const fixture = (name: string) => readFileSync(`tests/fixtures/fmt/${name}`, 'utf8');

/** Every policy YAML file of the repository and the fixtures. */
function policyFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
  return [...walk('rules'), ...walk('tests/fixtures/diff'), ...walk('tests/fixtures/fmt')];
}

describe('fmt: the canonical layout', async () => {
  it('puts rule and outcome keys in schema order, quotes only where YAML needs it, and keeps comments and blank lines', () => {
    expect(formatPolicyFile('unordered-rules.yaml', fixture('unordered-rules.yaml'))).toBe(fixture('unordered-rules.formatted.yaml'));
  });

  it('orders the manifest, its contacts and its clauses as the schema does', () => {
    const text = [
      'clauses:',
      '  - label: A clause',
      '    says: must',
      '    id: c.1',
      '    section: "1"',
      'contacts:',
      '  lado:',
      '    route: via Somerset Direct',
      '    role: LADO',
      'version: 1.0.0',
      'id: x',
      'title: X',
      '',
    ].join('\n');
    expect(formatPolicyFile('policy.yaml', text)).toBe(
      [
        'id: x',
        'title: X',
        'version: 1.0.0',
        'contacts:',
        '  lado:',
        '    role: LADO',
        '    route: via Somerset Direct',
        'clauses:',
        '  - id: c.1',
        "    section: '1'",
        '    label: A clause',
        '    says: must',
        '',
      ].join('\n'),
    );
  });

  it.each(policyFiles())('%s: formatting twice gives the same text, and the data never changes', (file) => {
    const text = readFileSync(file, 'utf8');
    const once = formatPolicyFile(file, text);
    expect(formatPolicyFile(file, once)).toBe(once);
    expect(parse(once)).toEqual(parse(text));
  });

  it('reports YAML that does not parse with its position, as a FormatError', () => {
    expect(() => formatPolicyFile('bad.yaml', 'rules:\n  - id: a\n   cite: b\n')).toThrow(FormatError);
    try {
      formatPolicyFile('bad.yaml', 'rules:\n  - id: a\n   cite: b\n');
    } catch (error) {
      expect((error as FormatError).message).toMatch(/^bad\.yaml:3:\d+: /);
    }
  });
});

describe('online-safety fmt (built CLI)', () => {
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), 'online-safety-fmt-'));
    cpSync('tests/fixtures/fmt/unordered-rules.yaml', join(dir, 'rules.yaml'));
    cpSync('tests/fixtures/fmt/unordered-rules.formatted.yaml', join(dir, 'clean.yaml'));
    return dir;
  };

  it('--check lists the files that would change and exits 1, changing nothing', async () => {
    const dir = copy();
    const r = await cli(['fmt', '--check', dir], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('would reformat rules.yaml\n');
    expect(r.stderr).toContain('1 of 2 files not in canonical layout');
    expect(readFileSync(join(dir, 'rules.yaml'), 'utf8')).toBe(fixture('unordered-rules.yaml'));
  });

  it('--check --diff shows what would change as a unified diff that git apply takes', async () => {
    const dir = copy();
    const r = await cli(['fmt', '--check', '--diff', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^--- a\/rules\.yaml\n\+\+\+ b\/rules\.yaml\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);
    expect(r.stdout).not.toContain('would reformat');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).length).toBeGreaterThan(0);
    expect(r.stderr).toContain('1 of 2 files not in canonical layout');
    // Nothing was changed; applying the diff gives what fmt writes.
    expect(readFileSync(join(dir, 'rules.yaml'), 'utf8')).toBe(fixture('unordered-rules.yaml'));
    writeFileSync(join(dir, 'fmt.diff'), r.stdout);
    execFileSync('git', ['apply', 'fmt.diff'], { cwd: dir });
    expect(readFileSync(join(dir, 'rules.yaml'), 'utf8')).toBe(fixture('unordered-rules.formatted.yaml'));
    // --diff alone would rewrite the files and show nothing: a usage error.
    expect((await cli(['fmt', '--diff', 'rules'])).code).toBe(2);
  });

  it('rewrites the files, after which --check passes', async () => {
    const dir = copy();
    expect(await cli(['fmt', '.'], { cwd: dir })).toEqual({ code: 0, stderr: '', stdout: 'formatted rules.yaml\n1 of 2 files reformatted\n' });
    expect(readFileSync(join(dir, 'rules.yaml'), 'utf8')).toBe(fixture('unordered-rules.formatted.yaml'));
    expect(await cli(['fmt', '--check', '.'], { cwd: dir })).toEqual({ code: 0, stderr: '', stdout: '2 files are in canonical layout\n' });
  });

  it('writes nothing when one file is not valid YAML, and says where', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'broken.yaml'), 'rules:\n  - id: a\n   cite: b\n');
    const r = await cli(['fmt', '.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^broken\.yaml:3:\d+: .+\nonline-safety fmt: 1 file could not be formatted; nothing was changed\n$/);
    expect(readFileSync(join(dir, 'rules.yaml'), 'utf8')).toBe(fixture('unordered-rules.yaml'));
  });

  it('checks the repository\'s rules folder by default, and the bundled rule files are in canonical layout', async () => {
    const count = readdirSync('rules', { recursive: true }).filter((f) => /\.ya?ml$/.test(String(f))).length;
    expect(await cli(['fmt', '--check'])).toEqual({ code: 0, stderr: '', stdout: `${count} files are in canonical layout\n` });
  });
});
