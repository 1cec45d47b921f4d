import { defineConfig } from 'vitest/config';

// The consumer check alone (`.ci/run` runs it once): it installs from the npm registry.
export default defineConfig({
  test: {
    include: ['test/consumer/*.test.ts'],
    globalSetup: ['test/helpers/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
