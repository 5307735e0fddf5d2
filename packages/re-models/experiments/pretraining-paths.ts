// Where the pre-training experiment keeps its outputs (RESULTS_DIR overrides experiments/results).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** Folder of the pre-training experiment's vectors, reports and run results. */
export const pretrainingDir = join(process.env.RESULTS_DIR ?? join(here, "results"), "pretraining");
/** Raw little-endian float32 `[vocabSize * dim]` vectors of one method. */
export const vectorsPath = (method: string) => join(pretrainingDir, `vectors-${method}.f32`);
