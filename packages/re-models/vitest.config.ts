import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// one temporary root per run, removed at the end (see @biore/test-data/temp-root)
const tempRoot = fileURLToPath(import.meta.resolve("@biore/test-data/temp-root"));

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: [tempRoot],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
