import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: run files in parallel, but not more workers than cores.
    maxWorkers: 2,
    // The files share a worker's loaded modules (the server, the clause files, zod schemas)
    // instead of loading them again for each of ~120 files: vitest's import time fell from 235 s
    // to 21 s of the run. It is safe because no test file stubs modules, globals or the
    // environment (a spy on stdout is restored in the same test) and every test app has its own
    // database; a file that ever needs a fresh module graph belongs in a project of its own.
    isolate: false,
  },
});
