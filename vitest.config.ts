import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Installs the packed tarball from the registry: its own step of .ci/run, with its own config.
    exclude: [...configDefaults.exclude, 'test/consumer/**'],
    globalSetup: ['test/helpers/build.ts'],
    setupFiles: ['test/helpers/fast-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
