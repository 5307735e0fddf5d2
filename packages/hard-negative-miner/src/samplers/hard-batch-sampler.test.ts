import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { randomEmbeddings, refMatrix } from "../../test/reference.js";
import { MetricLearningError } from "../errors.js";
import { HardBatchSampler } from "./hard-batch-sampler.js";

/** Four tight clusters of 6 points each, well apart. */
function clusters(): number[][] {
  const noise = randomEmbeddings(201, 24, 3);
  const centers = [
    [5, 0, 0],
    [0, 5, 0],
    [0, 0, 5],
    [-5, -5, 0],
  ];
  return noise.map((row, i) => row.map((x, k) => centers[Math.floor(i / 6)]![k]! + 0.1 * x));
}

describe("HardBatchSampler", () => {
  it("computes the cosine k-NN table like a sorted loop reference", () => {
    const q = randomEmbeddings(202, 30, 4);
    const sampler = new HardBatchSampler({ batchSize: 5, neighbors: 3 });
    const emb = tf.tensor2d(q);
    sampler.fit(emb);
    const sim = refMatrix(q, q, "cos");
    for (let i = 0; i < 30; i++) {
      const expected = q
        .map((_, j) => j)
        .filter((j) => j !== i)
        .sort((a, b) => sim[i]![b]! - sim[i]![a]!)
        .slice(0, 3);
      expect(Array.from(sampler.neighborTable.slice(i * 3, i * 3 + 3))).toEqual(expected);
    }
    emb.dispose();
  });

  it("covers every example once per epoch with batches made of neighbourhood clusters", () => {
    const sampler = new HardBatchSampler({ batchSize: 6, neighbors: 5, seed: 4 });
    sampler.fit(clusters());
    const batches = sampler.batches(0);
    const all = batches.flatMap((b) => Array.from(b)).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 24 }, (_, i) => i));
    // each batch is one cluster
    for (const b of batches) expect(new Set(Array.from(b, (i) => Math.floor(i / 6))).size).toBe(1);
    // deterministic per (seed, epoch)
    expect(sampler.batches(0).map((b) => Array.from(b))).toEqual(batches.map((b) => Array.from(b)));
  });

  it("fails clearly before fit and on bad options", () => {
    const sampler = new HardBatchSampler({ batchSize: 4 });
    expect(() => sampler.batches()).toThrow(MetricLearningError);
    expect(() => new HardBatchSampler({ batchSize: 2.5 })).toThrow(MetricLearningError);
  });
});
