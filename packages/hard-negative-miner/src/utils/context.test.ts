import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { randomEmbeddings, randomLabels, tripletSet } from "../../test/reference.js";
import { MetricLearningError } from "../errors.js";
import { SupConLoss } from "../losses/supcon-loss.js";
import { BatchHardMiner } from "../miners/batch-hard-miner.js";
import { toPairs, toTriplets } from "./indices.js";

function codeOf(fn: () => unknown): [string, string] {
  try {
    fn();
  } catch (e) {
    if (e instanceof MetricLearningError) return [e.code, e.argument];
    throw e;
  }
  throw new Error("did not throw");
}

describe("arguments", () => {
  it("accepts labels as a tensor, an Int32Array or a number array, with the same result", () => {
    const emb = tf.tensor2d(randomEmbeddings(211, 10, 4));
    const labels = randomLabels(211, 10, 3);
    const asTensor = tf.tensor1d(labels, "int32");
    const miner = new BatchHardMiner();
    const expected = tripletSet(miner.mine(emb, labels));
    expect(tripletSet(miner.mine(emb, asTensor))).toEqual(expected);
    expect(tripletSet(miner.mine(emb, Int32Array.from(labels)))).toEqual(expected);
    tf.dispose([emb, asTensor]);
  });

  it("names the bad argument in a stable error code", () => {
    const emb = tf.tensor2d(randomEmbeddings(212, 4, 3));
    const ref = tf.tensor2d(randomEmbeddings(213, 3, 2));
    const loss = new SupConLoss();
    expect(codeOf(() => loss.compute(emb, [0, 1, 0]))).toEqual(["INVALID_LABELS", "labels"]);
    expect(codeOf(() => loss.compute(emb, [0, 1, 0, 0.5]))).toEqual(["INVALID_LABELS", "labels"]);
    expect(codeOf(() => loss.compute(emb, [0, 1, 0, 1], null, emb))).toEqual([
      "INVALID_REFERENCE",
      "refLabels",
    ]);
    expect(codeOf(() => loss.compute(emb, [0, 1, 0, 1], null, ref, [0, 1, 2]))).toEqual([
      "INVALID_REFERENCE",
      "refEmbeddings",
    ]);
    const bad = {
      anchors: new Int32Array([0]),
      positives: new Int32Array([9]),
      negatives: new Int32Array([1]),
    };
    expect(codeOf(() => loss.compute(emb, [0, 1, 0, 1], bad))).toEqual([
      "INVALID_INDICES",
      "indices.positives",
    ]);
    expect(
      codeOf(() => loss.compute(tf.zeros([4]) as unknown as tf.Tensor2D, [0, 1, 0, 1])),
    ).toEqual(["INVALID_EMBEDDINGS", "embeddings"]);
    tf.dispose([emb, ref]);
  });

  it("converts triplets to pairs and pairs back to every triplet sharing an anchor", () => {
    const triplets = {
      anchors: new Int32Array([0, 0, 1]),
      positives: new Int32Array([2, 2, 3]),
      negatives: new Int32Array([4, 5, 6]),
    };
    const pairs = toPairs(triplets);
    expect(Array.from(pairs.a1)).toEqual([0, 0, 1]);
    expect(Array.from(pairs.n)).toEqual([4, 5, 6]);
    const back = toTriplets({
      a1: new Int32Array([0, 1]),
      p: new Int32Array([2, 3]),
      a2: new Int32Array([0, 0, 1]),
      n: new Int32Array([4, 5, 6]),
    });
    expect(tripletSet(back)).toEqual(["0,2,4", "0,2,5", "1,3,6"]);
  });
});
