// The same consumer as a CommonJS TypeScript file: under node16 its imports
// compile to require() and resolve the `require` conditions (dist/*.d.cts).
import { parseCollection } from "@biore/bioc-io";
import { BatchHardMiner, SupConLoss } from "@biore/hard-negative-miner";
import { bioredScores, relationsFromBioC } from "@biore/re-metrics";
import { createModel } from "@biore/re-models";
import { DEFAULT_TYPER_FUSION } from "@biore/re-models/typer";
import { NUM_PAIR_FEATURES, buildDataset } from "@biore/relation-dataset";
import tf = require("@tensorflow/tfjs");

export async function consumerCjs(text: string): Promise<number> {
  const collection = parseCollection(text);
  const data = buildDataset(collection.documents);
  const emb = tf.randomNormal([4, 3]) as tf.Tensor2D;
  const labels = [0, 0, 1, 1];
  const loss = new SupConLoss().compute(emb, labels, new BatchHardMiner().mine(emb, labels));
  const model = createModel({
    labelSpace: data.labelSpace,
    numPairFeatures: NUM_PAIR_FEATURES,
    vocabSize: 10,
    numEntityTypes: 3,
  });
  const f1 = bioredScores(relationsFromBioC(collection), []).all.f1;
  return loss.rank + f1 + model.parameterCount + DEFAULT_TYPER_FUSION.weight;
}
