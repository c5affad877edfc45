import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // Two workers sharing their modules between files: on two cores, loading zod, yaml and the
    // policies again for each of fifty files was a third of `npm test`. No test relies on a fresh
    // module state (the policies and vocabulary are read-only once loaded).
    maxWorkers: 2,
    isolate: false,
    // Builds dist/ when it is missing or older than src/, for the tests that run the built CLI and package.
    globalSetup: ['tests/build-once.ts'],
  },
});
