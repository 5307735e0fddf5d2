// Type-checked (never run) against the published .d.ts: under node16 this file
// is ESM (the consumer's package.json has "type": "module"), so it sees the
// `import` conditions; under bundler it sees what Vite/webpack users see.
import {
  BioCError,
  type BioCCollection,
  type BioCDocument,
  parseCollection,
  readCollection,
} from "@biore/bioc-io";
import { createProgram } from "@biore/cli";
import { BatchHardMiner, type IndicesTuple, SupConLoss } from "@biore/hard-negative-miner";
import { type BioredScores, bioredScores, relationsFromBioC } from "@biore/re-metrics";
import { type RelationModel, createModel } from "@biore/re-models";
import { type LinearTyper, fitLinearTyper, typerInputs } from "@biore/re-models/typer";
import {
  type CandidatePair,
  NONE_LABEL,
  NUM_PAIR_FEATURES,
  type RelationDataset,
  buildDataset,
} from "@biore/relation-dataset";
import * as tf from "@tensorflow/tfjs";

export async function consumer(text: string): Promise<number> {
  const collection: BioCCollection = parseCollection(text);
  const first: BioCDocument | undefined = collection.documents[0];
  const data: RelationDataset = buildDataset(collection.documents);
  const pairs: CandidatePair[] = data.pairs.flat();
  const none: number = data.labelSpace.id(NONE_LABEL);

  // A tensor from the user's @tensorflow/tfjs must be accepted where the
  // libraries take @tensorflow/tfjs-core tensors (one tfjs-core, one type).
  const emb: tf.Tensor2D = tf.randomNormal([4, 3]);
  const labels = Int32Array.from([0, 0, 1, 1]);
  const hard: IndicesTuple = new BatchHardMiner().mine(emb, labels);
  const loss: tf.Scalar = new SupConLoss({ temperature: 0.1 }).compute(emb, labels, hard);

  const scores: BioredScores = bioredScores(relationsFromBioC(collection), []);
  const model: RelationModel = createModel({
    labelSpace: data.labelSpace,
    tokenizer: data.tokenizer,
    entityTypes: data.entityTypes,
    numPairFeatures: NUM_PAIR_FEATURES,
  });
  const typer: LinearTyper = fitLinearTyper(typerInputs(data, collection.documents), {
    labels: data.labelSpace.labels,
  }).typer;
  model.attachTyper(typer, { weight: 0.75 });
  const program = createProgram();
  try {
    await readCollection("");
  } catch (e) {
    if (e instanceof BioCError) return e.code.length;
  }
  // @ts-expect-error — the published types must reject a wrong argument type.
  bioredScores("gold.json", []);
  return (
    (first?.id.length ?? 0) +
    pairs.length +
    none +
    loss.rank +
    scores.pair.f1 +
    model.score(data.documents, { networkOnly: true }).numPairs +
    program.name().length
  );
}
