import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/build.ts'],
    setupFiles: ['test/helpers/fast-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
