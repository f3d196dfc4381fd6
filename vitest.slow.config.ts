import { defineConfig } from 'vitest/config';

// `npm run test:slow`: scale and memory runs in child processes, and doubling tests that
// show work grows linearly with input size (operations counted, or time relative to a
// baseline measured in the same test, never an absolute time). One file at a time, so
// that memory and time measurements do not compete with each other.
export default defineConfig({
  test: {
    include: ['test/slow/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    setupFiles: ['test/setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
