import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  expectScalarClose,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { MetricLearningError } from "../errors.js";
import { TripletMarginLoss } from "../losses/triplet-margin-loss.js";
import { BatchHardMiner } from "../miners/batch-hard-miner.js";
import { AvgNonZeroReducer } from "./avg-non-zero-reducer.js";
import { ClassWeightedReducer } from "./class-weighted-reducer.js";
import { MeanReducer } from "./mean-reducer.js";
import { SumReducer } from "./sum-reducer.js";

const input = () => ({
  losses: tf.tensor1d([0, 2, 0, 4, 1]),
  anchors: new Int32Array([0, 1, 2, 3, 4]),
  labels: new Int32Array([0, 1, 1, 2, 0]),
});

describe("reducers", () => {
  it("mean, sum and mean over non-zero", () => {
    const i = input();
    expectScalarClose(new MeanReducer().reduce(i), 7 / 5);
    expectScalarClose(new SumReducer().reduce(i), 7);
    expectScalarClose(new AvgNonZeroReducer().reduce(i), 7 / 3);
    const zeros = { ...i, losses: tf.zeros([5]) as tf.Tensor1D };
    expect(new AvgNonZeroReducer().reduce(zeros).dataSync()[0]).toBe(0);
  });

  it("class-weighted mean multiplies each loss by its anchor's class weight", () => {
    const i = input();
    // weights: class 0 -> 2, class 1 -> 0.5, class 2 -> 0 ; mean of [0, 1, 0, 0, 2]
    expectScalarClose(new ClassWeightedReducer([2, 0.5, 0]).reduce(i), 3 / 5);
    expect(() => new ClassWeightedReducer([1, -1])).toThrow(MetricLearningError);
  });

  it("plugs into a loss: class weights over mined triplets equal the loop reference", () => {
    const q = randomEmbeddings(191, 12, 4);
    const labels = randomLabels(191, 12, 3);
    const emb = tf.tensor2d(q);
    const t = new BatchHardMiner().mine(emb, labels);
    const weights = [1, 3, 0.5];
    const loss = new TripletMarginLoss({
      margin: 0.5,
      reducer: new ClassWeightedReducer(weights),
    }).compute(emb, labels, t);
    const mat = refMatrix(q, q, "l2");
    const ref =
      Array.from(t.anchors).reduce((s, a, k) => {
        const v = Math.max(0, mat[a]![t.positives[k]!]! - mat[a]![t.negatives[k]!]! + 0.5);
        return s + v * weights[labels[a]!]!;
      }, 0) / t.anchors.length;
    expectScalarClose(loss, ref);
    tf.dispose([emb, loss]);
  });
});
