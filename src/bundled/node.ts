// The Node entry's bundled policies: their files where the installed package holds them (see
// PackagePlaces in registry.ts). Without the package folder (a bundle), paths stay inside the package.
import { join } from 'node:path';
import type { Policy } from '../engine/policy.js';
import { displayPath } from '../policy/read.js';
import { packageRoot } from '../vocabulary/bundled.js';
import { loadBundledPolicyAt, type PackagePlaces } from './registry.js';

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

const ON_DISK: PackagePlaces = {
  dir: (path) => onDisk(path) ?? path,
  file: (path) => {
    const found = onDisk(path);
    return found === undefined ? path : displayPath(found);
  },
};

/** Loads a policy shipped with the package by id (e.g. "elim-school"); loaded once per process. */
export function loadBundledPolicy(id: string): Promise<Policy> {
  return loadBundledPolicyAt(id, ON_DISK);
}
