import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // one tfjs per worker instead of one per test file: loading it dominates the run time
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
