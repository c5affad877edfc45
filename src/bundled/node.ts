// The Node entry's view of the bundled files: where the installed package holds them (see
// PackagePlaces in registry.ts). Without the package folder (a bundle), paths stay inside the package.
import { join } from 'node:path';
import { displayPath } from '../policy/read.js';
import { packageRoot } from '../vocabulary/bundled.js';
import { placeBundledFiles } from './registry.js';

let root: string | null | undefined;

function onDisk(pathInPackage: string): string | undefined {
  if (root === undefined) {
    try {
      root = packageRoot();
    } catch {
      root = null;
    }
  }
  return root === null ? undefined : join(root, pathInPackage);
}

placeBundledFiles({
  dir: (path) => onDisk(path) ?? path,
  file: (path) => {
    const found = onDisk(path);
    return found === undefined ? path : displayPath(found);
  },
});
