import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: { __FLOWCTL_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    include: ['test/**/*.test.ts'],
    // Checks every emulator response a test file recorded against Adobe's OpenAPI specs (test/conformance).
    setupFiles: ['test/conformance/setup.ts'],
    // nock patches Node's http module per worker: keep each file in its own fork.
    pool: 'forks',
    // At least two forks at once (the default, CPUs − 1, is a single fork on a two-CPU machine): much of a file's
    // time is spent waiting — on child processes, sockets, the emulator's timers — not on the CPU.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    restoreMocks: true,
  },
});
