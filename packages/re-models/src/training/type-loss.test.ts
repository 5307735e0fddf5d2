import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("TrainOptions.typeLossWeight", () => {
  it("is refused below 0 or not finite", async () => {
    const corpus = syntheticCorpus(3, 4);
    const model = syntheticModel(corpus, 1);
    const data = { documents: corpus.documents };
    for (const typeLossWeight of [-1, Number.NaN])
      await expect(train(model, data, { epochs: 1, typeLossWeight })).rejects.toMatchObject({
        code: "INVALID_CONFIG",
      });
    model.dispose();
  });

  it("adds to the training loss; 0 trains exactly as without it", async () => {
    const corpus = syntheticCorpus(4, 5);
    const losses: number[] = [];
    for (const typeLossWeight of [undefined, 0, 1]) {
      const model = syntheticModel(corpus, 2);
      const result = await train(
        model,
        { documents: corpus.documents },
        { epochs: 1, seed: 3, ...(typeLossWeight === undefined ? {} : { typeLossWeight }) },
      );
      losses.push(result.history[0]?.trainLoss ?? Number.NaN);
      model.dispose();
    }
    expect(losses[1]).toBe(losses[0]);
    expect(losses[2]).toBeGreaterThan(losses[0] as number);
  });
});
