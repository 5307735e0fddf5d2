// Benchmarks for @biore/re-models: `pnpm --filter @biore/re-models bench`.
// Every speed figure is paired with a reference measured in the same run.
import { benchKernels } from "./kernels.js";

console.log("== fast cpu kernels vs tfjs-backend-cpu ==");
await benchKernels();
