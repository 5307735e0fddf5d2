// The same consumer as a CommonJS TypeScript file: under node16 its imports
// compile to require() and resolve the `require` conditions (dist/*.d.cts).
import { readCollection } from "@biore/bioc-io";
import { cosineSimilarityMatrix } from "@biore/hard-negative-miner";
import { f1FromPrecisionRecall } from "@biore/re-metrics";
import { LabelSpace } from "@biore/relation-dataset";
import tf = require("@tensorflow/tfjs");

export async function consumerCjs(text: string): Promise<number> {
  const collection = await readCollection(text);
  const sim = cosineSimilarityMatrix(tf.randomNormal([4, 3]));
  return (
    collection.documents.length +
    new LabelSpace([]).size +
    sim.shape[0] +
    f1FromPrecisionRecall(1, 1)
  );
}
