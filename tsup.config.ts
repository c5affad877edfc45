import { join } from 'node:path';
import { build } from 'esbuild';
import { defineConfig } from 'tsup';
import { bundledDataPlugin } from './scripts/bundled-data.js';

// The bundled policies, checked once here and built in as data rather than read on every start
// (one plugin: the policies are checked once for every build below).
const bundledData = bundledDataPlugin(join(import.meta.dirname, 'node_modules', '.cache', 'online-safety-bundled'));

// Every entry is built as ESM and CJS (tsup's one pass, with one declaration build); the files
// nothing loads (cli.cjs, vitest.cjs: vitest cannot be required; the snapshot tool) are left out
// of the package by package.json "files" (tests/package-files.test.ts checks what ships).
export default defineConfig({
  // core: the part that runs anywhere (the "browser" and "default" export conditions); index: all of it, for Node.
  entry: { index: 'src/index.ts', core: 'src/core.ts', cli: 'src/cli/main.ts', vitest: 'src/vitest.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', core: 'src/core.ts', vitest: 'src/vitest.ts' } },
  // The vitest helpers run inside the user's own vitest: never bundle it, never depend on it at run time.
  external: ['vitest'],
  clean: true,
  shims: true,
  target: 'node20',
  sourcemap: false,
  esbuildPlugins: [bundledData],
  // The triage page's script (render --format app): the core and the page in one browser script.
  async onSuccess() {
    await build({
      entryPoints: ['src/render/app/page.ts'],
      outfile: 'dist/app.js',
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      plugins: [bundledData],
      logLevel: 'warning',
    });
  },
});
