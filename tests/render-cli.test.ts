import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
