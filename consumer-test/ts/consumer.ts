// Type-checked (never run) against the published .d.ts: under node16 this file
// is ESM (the consumer's package.json has "type": "module"), so it sees the
// `import` conditions; under bundler it sees what Vite/webpack users see.
import { BioCError, readCollection, type BioCCollection, type BioCDocument } from "@biore/bioc-io";
import { createProgram } from "@biore/cli";
import { cosineSimilarityMatrix } from "@biore/hard-negative-miner";
import { f1FromPrecisionRecall } from "@biore/re-metrics";
import { modelShape, type ModelShape } from "@biore/re-models";
import { LabelSpace, NONE_LABEL, type CandidatePair } from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs";

export async function consumer(text: string): Promise<number> {
  const collection: BioCCollection = await readCollection(text);
  const first: BioCDocument | undefined = collection.documents[0];
  const labels = new LabelSpace(["Association"]);
  const none: number = labels.id(NONE_LABEL);
  // A tensor from the user's @tensorflow/tfjs must be accepted where the
  // libraries take @tensorflow/tfjs-core tensors (one tfjs-core, one type).
  const emb: tf.Tensor2D = tf.randomNormal([4, 3]);
  const sim: tf.Tensor2D = cosineSimilarityMatrix(emb);
  const shape: ModelShape = modelShape("small");
  const f1: number = f1FromPrecisionRecall(0.5, 0.5);
  const pairs: CandidatePair[] = [];
  const program = createProgram();
  try {
    await readCollection("");
  } catch (e) {
    if (e instanceof BioCError) return e.code.length;
  }
  // @ts-expect-error — the published types must reject a wrong argument type.
  f1FromPrecisionRecall("0.5", 0.5);
  return (
    (first?.id.length ?? 0) +
    none +
    sim.shape[0] +
    shape.hiddenDim +
    f1 +
    pairs.length +
    program.name().length
  );
}
