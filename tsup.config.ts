import { join } from 'node:path';
import { defineConfig } from 'tsup';
import { bundledDataPlugin } from './scripts/bundled-data.js';

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
  // The bundled policies, checked once here and built in as data rather than read on every start.
  esbuildPlugins: [bundledDataPlugin(join(import.meta.dirname, 'node_modules', '.cache', 'online-safety-bundled'))],
});
