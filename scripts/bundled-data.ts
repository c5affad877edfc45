// Build step (tsup.config.ts): the bundled policies and vocabulary, read from rules/ and checked
// once, written as JSON data modules; the built package's src/bundled/shipped.ts is replaced by a
// module that imports them (each policy lazily), so the package reads no file to load one.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { shipped } from '../src/bundled/shipped.js';
import { formatDiagnostic, PolicyLoadError } from '../src/policy/diagnostics.js';

/** Writes vocabulary.json and <policy-id>.json into `dir`; returns the module that replaces shipped.ts. */
export async function writeBundledData(dir: string): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ids = shipped.ids();
  writeFileSync(join(dir, 'vocabulary.json'), JSON.stringify(shipped.vocabulary()));
  for (const id of ids) writeFileSync(join(dir, `${id}.json`), JSON.stringify(await shipped.policy(id)));
  const loaders = ids.map((id) => `  ${JSON.stringify(id)}: () => import(${JSON.stringify(`./${id}.json`)}),`).join('\n');
  return `// Generated at build time by scripts/bundled-data.ts from rules/ (see src/bundled/shipped.ts).
import vocabulary from './vocabulary.json';
const policies = {
${loaders}
};
export const shipped = {
  vocabulary: () => vocabulary,
  ids: () => ${JSON.stringify(ids)},
  policy: (id) => policies[id]().then((m) => m.default),
};
`;
}

/** The esbuild plugin: src/bundled/shipped.ts becomes the data module written into `dir`. */
export function bundledDataPlugin(dir: string): Plugin {
  let module: Promise<string> | undefined;
  return {
    name: 'online-safety-bundled-data',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]bundled[\\/]shipped\.ts$/ }, async () => {
        try {
          return { contents: await (module ??= writeBundledData(dir)), loader: 'js', resolveDir: dir };
        } catch (error) {
          // The bundled rules do not load: the build fails, saying where.
          if (!(error instanceof PolicyLoadError)) throw error;
          return { errors: error.diagnostics.map((d) => ({ text: formatDiagnostic(d) })) };
        }
      });
    },
  };
}
