import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticCorpus, syntheticModel } from "../test-support/synthetic.js";
import { typeOnlyLoss } from "./relation-loss.js";
import { train } from "./train.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const logSumExp = (xs: number[]) => {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
};

describe("typeOnlyLoss", () => {
  // rows: [None, A, B, C]
  const rows = [
    [5.0, 2.0, -1.0, 0.3],
    [1.0, -0.5, 0.2, 3.0],
    [-0.2, 0.1, 0.4, -1e4], // C masked for this pair
  ];
  const value = (labels: number[]) =>
    tf.tidy(() => typeOnlyLoss(tf.tensor2d(rows), Int32Array.from(labels)).dataSync()[0]);

  it("is the mean over related pairs of the gold type's cross-entropy over the types alone", () => {
    const types = (r: number[]) => r.slice(1);
    const first = logSumExp(types(rows[0] as number[])) - 2.0; // gold A; None's 5.0 plays no part
    const third = logSumExp(types(rows[2] as number[])) - 0.4; // gold B
    expect(value([1, 0, 2])).toBeCloseTo((first + third) / 2, 5);
  });

  it("is 0 for a batch without related pairs", () => {
    expect(value([0, 0, 0])).toBe(0);
  });
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
