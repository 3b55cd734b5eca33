import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'web/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on the 2-core CI machine that is one
    // worker, and the files (PGlite runs in the worker's own thread) ran one after another on one
    // core. Two at least; each file has its own databases, ports and temporary folders.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default'],
    globalSetup: ['src/testing/global-setup.ts'],
  },
});
