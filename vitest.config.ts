import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Fails the run if a test leaves a process behind (test/global-setup.ts).
    globalSetup: ["test/global-setup.ts"],
    // Ends every run with each skipped test, why, and what enables it.
    reporters: ["default", "./test/skipped-tests-reporter.ts"],
    // Fails a core test file that leaves a socket open (test/socket-check.ts).
    setupFiles: ["test/socket-check.ts"],
    // CLI and end-to-end tests spawn real processes (git, the built CLI): on a
    // shared 2-core machine the default 5 s is too tight to be a useful signal.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
