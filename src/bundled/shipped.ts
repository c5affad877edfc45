// The policies and vocabulary shipped with the package, as read from the package's rules/ folder.
// This is the development form (running from src/): the build replaces this module with the same
// data checked once at build time (tsup.config.ts, scripts/bundled-data.ts), so that the built
// package reads no file and imports no Node module to load a bundled policy, in Node, a bundle,
// a browser or a worker. Both forms give what ShippedPolicies describes.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { MANIFEST_FILE, readPolicy } from '../policy/read.js';
import { loadVocabularyFile } from '../vocabulary/load.js';
import type { VocabularySource } from '../vocabulary/parse.js';
import { packageRoot } from '../vocabulary/bundled.js';
import type { ShippedPolicies, ShippedPolicy } from './types.js';

let vocabulary: VocabularySource | undefined;

const rulesDir = () => join(packageRoot(), 'rules');

export const shipped: ShippedPolicies = {
  vocabulary: () => (vocabulary ??= loadVocabularyFile(join(rulesDir(), 'vocabulary.yaml'))),
  ids: () =>
    readdirSync(rulesDir(), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(rulesDir(), e.name, MANIFEST_FILE)))
      .map((e) => e.name)
      .sort(),
  async policy(id: string): Promise<ShippedPolicy> {
    const { vocabulary, text } = shipped.vocabulary();
    const checked = readPolicy(join(rulesDir(), id), vocabulary, text);
    // Paths inside the package (rules/<id>/<file>): the same wherever the package is.
    const rules = checked.rules.map((rule) => ({ ...rule, file: relative(packageRoot(), resolve(rule.file)).split('\\').join('/') }));
    return { digest: checked.digest, manifest: checked.manifest, rules };
  },
};
