// The CLI as an installed package's bin: node_modules/.bin/online-safety, a symlink to dist/cli.js.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './run-cli.js';

describe('the installed bin', () => {
  it('package.json names dist/cli.js as the online-safety bin, and it runs through a symlink', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; files: string[] };
    expect(pkg.bin).toEqual({ 'online-safety': './dist/cli.js' });
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'rules']));
    expect(readFileSync(join(root, 'dist', 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);

    const consumer = mkdtempSync(join(tmpdir(), 'online-safety-bin-'));
    mkdirSync(join(consumer, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(root, join(consumer, 'node_modules', 'online-safety-rules'), 'dir');
    const bin = join(consumer, 'node_modules', '.bin', 'online-safety');
    symlinkSync(join('..', 'online-safety-rules', 'dist', 'cli.js'), bin);
    expect(execFileSync(bin, ['--version'], { cwd: consumer, encoding: 'utf8' })).toBe(`online-safety ${pkg.version}\n`);
    expect(execFileSync(bin, ['list'], { cwd: consumer, encoding: 'utf8' })).toMatch(/^elim-school /m);
  });
});
