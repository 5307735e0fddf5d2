import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("TrainOptions.labelSmoothing", () => {
  it("is refused outside [0, 1) and with the adaptive-threshold loss", async () => {
    const corpus = syntheticCorpus(3, 4);
    const model = syntheticModel(corpus, 1);
    const data = { documents: corpus.documents };
    await expect(train(model, data, { epochs: 1, labelSmoothing: 1 })).rejects.toMatchObject({
      code: "INVALID_CONFIG",
    });
    await expect(
      train(model, data, {
        epochs: 1,
        labelSmoothing: 0.1,
        relationLoss: "adaptive-threshold",
      }),
    ).rejects.toMatchObject({ code: "INVALID_CONFIG" });
    model.dispose();
  });

  it("changes the training loss and is recorded in the run's options", async () => {
    const corpus = syntheticCorpus(4, 5);
    const losses: number[] = [];
    for (const labelSmoothing of [0, 0.1]) {
      const model = syntheticModel(corpus, 2);
      const result = await train(
        model,
        { documents: corpus.documents },
        { epochs: 1, seed: 3, labelSmoothing },
      );
      losses.push(result.history[0]?.trainLoss ?? Number.NaN);
      if (labelSmoothing > 0) expect(model.metadata?.options).toMatchObject({ labelSmoothing });
      model.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    // same seed, batches and initialization: only the targets differ
    expect(Math.abs((losses[1] as number) - (losses[0] as number))).toBeGreaterThan(1e-3);
  });
});
