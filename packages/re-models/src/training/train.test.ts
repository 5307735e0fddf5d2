import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { decide } from "../inference/decision.js";
import type { createModel } from "../model/create.js";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function trainingAccuracy(
  model: ReturnType<typeof createModel>,
  docs: ReturnType<typeof syntheticCorpus>["documents"],
) {
  const scores = model.score(docs);
  const decisions = decide(scores, model.decision);
  let correct = 0;
  for (let p = 0; p < scores.numPairs; p++)
    if (decisions.labelIds[p] === scores.labelIds[p]) correct++;
  return correct / scores.numPairs;
}

describe("train", () => {
  const corpus = syntheticCorpus(6, 7);
  const make = () => syntheticModel(corpus, 3);

  it.each(["baseline", "hnm"] as const)(
    "overfits a handful of documents with the %s objective",
    async (objective) => {
      const model = make();
      // Cross-entropy alone: HNM's total also holds the contrastive term, which does not go to 0.
      const losses: number[] = [];
      await train(
        model,
        { documents: corpus.documents },
        {
          objective,
          epochs: 60,
          batchSize: 6,
          learningRate: 2e-2,
          seed: 5,
          hnm: { warmupEpochs: 2, memorySize: 0 },
        },
        { onBatchEnd: (p) => void losses.push(p.crossEntropy) },
      );
      expect(losses).toHaveLength(60); // one batch per epoch
      expect(losses.at(-1)).toBeLessThan((losses[0] as number) / 5);
      expect(trainingAccuracy(model, corpus.documents)).toBe(1);
      model.dispose();
    },
  );

  it("gives baseline and HNM the same batches, dropout and schedule: identical losses until the contrastive term starts", async () => {
    const curves: Record<string, number[][]> = {};
    for (const objective of ["baseline", "hnm"] as const) {
      const model = syntheticModel(corpus, 3, { shape: { dropout: 0.2 } });
      const losses: number[][] = [[], []];
      await train(
        model,
        { documents: corpus.documents },
        { objective, epochs: 2, batchSize: 2, seed: 5, hnm: { warmupEpochs: 1, memorySize: 0 } },
        { onBatchEnd: (p) => void losses[p.epoch - 1]?.push(p.crossEntropy) },
      );
      curves[objective] = losses;
      model.dispose();
    }
    expect(curves.hnm?.[0]).toEqual(curves.baseline?.[0]);
    expect(curves.hnm?.[1]).not.toEqual(curves.baseline?.[1]);
  });

  it("learns a per-pair threshold with the adaptive-threshold loss: the None logit alone separates relations", async () => {
    const model = make();
    const losses: number[] = [];
    await train(
      model,
      { documents: corpus.documents },
      {
        relationLoss: "adaptive-threshold",
        epochs: 60,
        batchSize: 6,
        learningRate: 2e-2,
        seed: 5,
      },
      { onBatchEnd: (p) => void losses.push(p.crossEntropy) },
    );
    expect(losses.at(-1)).toBeLessThan((losses[0] as number) / 5);
    // no tuned bias: a type is predicted when its logit beats the None logit
    model.decision = { ...model.decision, noneBias: 0 };
    expect(trainingAccuracy(model, corpus.documents)).toBe(1);
    model.dispose();
  });
});
