import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Each test file launches real servers in child processes: forks keep a crashed or killed
    // server from taking a worker thread with it, and let the launcher's exit hook run.
    pool: 'forks',
    isolate: false,
    // The checks mostly wait on sockets, not on the CPU: more files at once than cores is fine.
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
