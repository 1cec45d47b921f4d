import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The consumer's own vitest run, inside the installed copy: jobkit/vitest registers the matchers.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['tests/*.test.ts'],
    setupFiles: ['jobkit/vitest'],
  },
});
