import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own folder (holding rules/ and schemas/), from src/ or dist/ alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'online-safety-rules') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('online-safety-rules: cannot find the package folder');
    dir = parent;
  }
}

export function bundledRulesDir(): string {
  return join(packageRoot(), 'rules');
}
