// vitest globalSetup: the CLI and package tests run dist/, so build it first when it is missing
// or older than any source file (a fresh clone, or an edit since the last build). The bundled
// rules count too: the build checks them and builds them in as data (scripts/bundled-data.ts).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export default function setup(): void {
  const built = ['cli.js', 'index.js', 'index.cjs', 'core.js', 'app.js', 'vitest.js'].map((f) => join(root, 'dist', f));
  const oldest = built.every(existsSync) ? Math.min(...built.map((f) => statSync(f).mtimeMs)) : 0;
  const sources = Math.max(...['src', 'rules', 'tsup.config.ts', 'scripts/bundled-data.ts', 'package.json'].map((p) => newest(join(root, p))));
  if (oldest > sources) return;
  execFileSync(process.execPath, [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
