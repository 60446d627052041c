import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // The transcripts start real servers in child processes: forks let the launcher's exit hook
    // run, as in the harness.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
