// Where the pre-training experiment keeps its outputs (RESULTS_DIR overrides experiments/results).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** Folder of the pre-training experiment's reports and run results. */
export const pretrainingDir = join(process.env.RESULTS_DIR ?? join(here, "results"), "pretraining");
/**
 * Folder of the word2vec vectors and their reports: VECTORS_DIR, else
 * experiments/results/pretraining, so runs writing their results elsewhere
 * (RESULTS_DIR) still find the one set of vectors.
 */
export const vectorsDir = process.env.VECTORS_DIR ?? join(here, "results", "pretraining");
/** Raw little-endian float32 `[vocabSize * dim]` vectors of one method. */
export const vectorsPath = (method: string) => join(vectorsDir, `vectors-${method}.f32`);
/** The JSON report (tokenizer fingerprint, options, neighbours) of one method's vectors. */
export const vectorsReportPath = (method: string) => join(vectorsDir, `vectors-${method}.json`);
