import { defineConfig } from 'tsup';

// Every entry is built as ESM and CJS (tsup's one pass, with one declaration build); the files
// nothing loads (cli.cjs, vitest.cjs: vitest cannot be required; the snapshot tool) are left out
// of the package by package.json "files" (tests/package-files.test.ts checks what ships).
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts', vitest: 'src/vitest.ts', 'snapshot-build': 'src/policy/snapshot-build.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', vitest: 'src/vitest.ts' } },
  // The vitest helpers run inside the user's own vitest: never bundle it, never depend on it at run time.
  external: ['vitest'],
  clean: true,
  shims: true,
  target: 'node20',
  sourcemap: false,
  // The bundled policies, checked once here rather than on every start (src/policy/snapshot.ts).
  onSuccess: 'node dist/snapshot-build.js',
});
