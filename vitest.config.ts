import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'web/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on the 2-core CI machine that is one
    // worker, and the files (PGlite runs in the worker's own thread) ran one after another on one
    // core. Two at least; each file has its own databases, ports and temporary folders.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A worker runs file after file in one process with the modules it has loaded (a new process
    // and a fresh import of the app per file cost ~40% of the suite's CPU). Test files hold no
    // state in modules: each opens and closes its own databases, servers and browsers. A stub of a
    // global or of the environment is undone after its test, so it cannot reach another file.
    isolate: false,
    unstubGlobals: true,
    unstubEnvs: true,
    reporters: ['default'],
    globalSetup: ['src/testing/global-setup.ts'],
  },
});
