// Shared by the experiment runner's tests: small BioRED-like Train and evaluation documents,
// a tiny model factory and the two objectives as runner systems (1 quick epoch each).
import type { TrainingData } from "../experiment/held-out.js";
import type { ExperimentSystem } from "../experiment/run-experiment.js";
import { createModelForDataset } from "../model/create.js";
import { bioredLikeDocuments } from "./biored-like.js";
import { TINY_SHAPE } from "./synthetic.js";

export const experimentTrain = bioredLikeDocuments(20);
export const experimentEvaluate = bioredLikeDocuments(8, 101);

/** A tiny model for `data`, seeded. */
export const tinyModel = (data: TrainingData, seed: number) =>
  createModelForDataset(data.fit, { shape: TINY_SHAPE, seed, maxTokens: 64 });

/** Baseline and HNM as runner systems: tiny models, one epoch, HNM without warm-up or memory. */
export const bothObjectives: ExperimentSystem[] = (["baseline", "hnm"] as const).map(
  (objective) => ({
    name: objective,
    createModel: tinyModel,
    trainOptions: () => ({
      objective,
      epochs: 1,
      batchSize: 6,
      learningRate: 1e-2,
      hnm: { warmupEpochs: 0, memorySize: 0 },
    }),
  }),
);
