// The GloVe study's own tests (experiments/ is outside the package's test run).
import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["experiments/glove/**/*.test.ts"] } });
