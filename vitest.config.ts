import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    // Builds dist/ when it is missing or older than src/, for the tests that run the built CLI and package.
    globalSetup: ['tests/build-once.ts'],
  },
});
