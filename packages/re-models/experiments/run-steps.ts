// Steps shared by the experiment scripts (biored.ts, pretraining-train.ts), so
// every run is trained, logged and scored on Dev the same way.
import type { BioCCollection } from "@biore/bioc-io";
import { bioredScores, relationsFromBioC } from "@biore/re-metrics";
import { type RelationDataset, buildDataset } from "@biore/relation-dataset";
import type { BioCDocument } from "@biore/bioc-io";
import {
  type Objective,
  type RelationModel,
  type TrainResult,
  predict,
  train,
} from "../src/index.js";
import type { RunSettings } from "./settings.js";

/** The held-out slice encoded with the training set's tokenizer, labels, types and type pairs. */
export function heldOutDataset(
  dataset: RelationDataset,
  documents: BioCDocument[],
  settings: RunSettings,
): RelationDataset {
  return buildDataset(documents, {
    tokenizer: dataset.tokenizer,
    labelSpace: dataset.labelSpace,
    entityTypes: dataset.entityTypes,
    pairFilter: new Set(dataset.allowedTypePairs ?? []),
    maxTokens: settings.maxTokens,
  });
}

/** Trains with the run settings, model selection on the held-out slice, logging every 10 batches. */
export function trainWithLog(
  model: RelationModel,
  dataset: RelationDataset,
  heldOut: RelationDataset,
  objective: Objective,
  seed: number,
  settings: RunSettings,
  log: (line: string) => void,
): Promise<TrainResult> {
  return train(
    model,
    { documents: dataset.documents },
    {
      objective,
      seed,
      epochs: settings.epochs,
      batchSize: settings.batchSize,
      learningRate: settings.learningRate,
      patience: settings.patience,
      validation: heldOut.documents,
      hnm: settings.hnm,
    },
    {
      onBatchEnd: (p) => {
        if (p.batch % 10 === 0)
          log(`epoch ${p.epoch} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)}`);
      },
      onEpochEnd: (r) =>
        log(
          `epoch ${r.epoch} loss ${r.trainLoss.toFixed(4)} held-out pair+type F1 ${r.validationF1?.toFixed(4)} (${r.seconds.toFixed(0)} s)`,
        ),
    },
  );
}

/** Predicts Dev and scores it with the BioRED track scoring. */
export function scoreOnDev(model: RelationModel, dev: BioCCollection) {
  const predicted = predict(model, dev.documents);
  const gold = relationsFromBioC(dev);
  const predictedRelations = relationsFromBioC(predicted.documents);
  const scores = bioredScores(gold, predictedRelations, {
    documentIds: dev.documents.map((d) => d.id),
  });
  return { gold, predictedRelations, scores };
}
