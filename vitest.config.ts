import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm test`: the fast suite. Heavy runs (scale, memory, doubling tests of linear time) live
// in test/slow/ and run with `npm run test:slow` (vitest.slow.config.ts), which CI also runs.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/slow/**', 'node_modules/**'],
    environment: 'node',
    pool: 'threads',
    // Test files share a worker's modules instead of importing src/, ajv's compiled schemas and
    // the rules again for each file: about half the time on two cores. Tests restore what they
    // change (spies, process listeners, RuleTester's describe and it); between runs src/ keeps
    // only caches (compiled schemas, the package's version).
    isolate: false,
    // Vitest's default is one worker fewer than the cores: one worker on two cores, idle while a
    // test waits for a child process, a worker thread or Chromium. Two keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    setupFiles: ['test/setup.ts'],
    // Generous: many tests spawn the CLI, and a shared two-core machine can be slow. Nothing
    // asserts on time; a limit only stops a hung test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
