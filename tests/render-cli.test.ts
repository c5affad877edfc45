import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appHtml } from '../src/render/app/html.js';
import { cli } from './cli/run-cli.js';

describe('online-safety render (built CLI)', () => {
  it('writes the Markdown, Mermaid and HTML views of both bundled policies with --out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'online-safety-render-'));
    const r = await cli(['render', '--format', 'all', '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'elim-school.html',
      'elim-school.md',
      'elim-school.mmd',
      'mast-academy-trust.html',
      'mast-academy-trust.md',
      'mast-academy-trust.mmd',
    ]);
    expect(readFileSync(join(out, 'elim-school.md'), 'utf8')).toContain('## Sanctions: Staff (grid)');
    expect(readFileSync(join(out, 'mast-academy-trust.mmd'), 'utf8')).toMatch(/^flowchart LR\n/);
    expect(readFileSync(join(out, 'elim-school.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('prints one policy in one format to standard output', async () => {
    const r = await cli(['render', 'elim-school', '--format', 'mermaid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flowchart LR\n/);
    expect((await cli(['render', 'tests/fixtures/diff/new'])).stdout).toMatch(/^# Diff Test School Online Safety Policy\n/);
  });

  it('needs --out for more than one policy or format, and a known format', async () => {
    expect((await cli(['render'])).code).toBe(2);
    expect((await cli(['render', 'elim-school', '--format', 'all'])).code).toBe(2);
    expect((await cli(['render', 'elim-school', '--format', 'pdf'])).code).toBe(2);
  });

  it('--format app writes one self-contained page: its script and data inlined, no network, one policy at most', async () => {
    const page = await cli(['render', '--format', 'app', '--policy', 'tests/fixtures/policies/valid']);
    expect(page.code).toBe(0);
    expect(page.stdout).toMatch(/^<!doctype html>/);
    expect(page.stdout).toContain("default-src 'none'");
    // No element that loads anything: no src=, no href=, no <link>.
    expect(page.stdout).not.toMatch(/\s(src|href)=|<link\b/i);
    // Only the page's own two script elements: the data, and the code (with no "</script" inside it).
    expect(page.stdout.match(/<\/script>/g)).toHaveLength(2);
    const data = JSON.parse(/<script type="application\/json" id="online-safety-data">(.*?)<\/script>/s.exec(page.stdout)![1]!);
    expect(data.given).toMatchObject({ id: 'fixture-school', label: expect.stringContaining('Fixture School') });
    expect(Object.keys(data.given.files).sort()).toEqual(['policy.yaml', 'rules.yaml']);
    // A bundled policy is in the page already: its id only.
    const bundled = await cli(['render', '--format', 'app', 'elim-school']);
    expect(JSON.parse(/id="online-safety-data">(.*?)<\/script>/s.exec(bundled.stdout)![1]!)).toEqual({ given: { id: 'elim-school', label: expect.stringContaining('eLiM School') } });
    expect(await cli(['render', '--format', 'app', 'elim-school', 'mast-academy-trust'])).toMatchObject({ code: 2, stderr: expect.stringContaining('the triage page opens with one policy') });
    expect(await cli(['render', '--format', 'markdown', '--policy', 'elim-school'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--policy is for --format app') });
  });

  it("--format app: a policy's text cannot end the page's script elements", () => {
    const hostile = '</script><script>alert(1)</script><!--';
    // The data (a school's policy files) is written with no "<" at all; the script, the package's
    // own build, with no "</script".
    const html = appHtml('var s = "</script>";', { given: { id: 'x', label: hostile, files: { 'policy.yaml': hostile } } });
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script>/gi)).toHaveLength(2);
    const data = JSON.parse(/id="online-safety-data">(.*?)<\/script>/s.exec(html)![1]!);
    expect(data.given.files['policy.yaml']).toBe(hostile);
  });
});
