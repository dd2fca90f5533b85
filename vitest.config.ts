import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __FLOWCTL_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['test/**/*.test.ts'],
    // Checks every emulator response a test file recorded against Adobe's OpenAPI specs (test/conformance).
    setupFiles: ['test/conformance/setup.ts'],
    // nock patches Node's http module per worker: keep each file in its own fork.
    pool: 'forks',
    testTimeout: 20_000,
    restoreMocks: true,
  },
});
