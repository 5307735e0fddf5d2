import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { randomEmbeddings } from "../../test/reference.js";
import { MetricLearningError } from "../errors.js";
import { CircleLoss } from "../losses/circle-loss.js";
import { ContrastiveLoss } from "../losses/contrastive-loss.js";
import { HardNegativeContrastiveLoss } from "../losses/hard-negative-contrastive-loss.js";
import { MultiSimilarityLoss } from "../losses/multi-similarity-loss.js";
import { NTXentLoss } from "../losses/ntxent-loss.js";
import { SupConLoss } from "../losses/supcon-loss.js";
import { TripletMarginLoss } from "../losses/triplet-margin-loss.js";
import { CrossBatchMemory } from "../memory/cross-batch-memory.js";
import { BatchEasyHardMiner } from "../miners/batch-easy-hard-miner.js";
import { BatchHardMiner } from "../miners/batch-hard-miner.js";
import { DistanceWeightedMiner } from "../miners/distance-weighted-miner.js";
import { MultiSimilarityMiner } from "../miners/multi-similarity-miner.js";
import { PairMarginMiner } from "../miners/pair-margin-miner.js";
import { TopKHardNegativesMiner } from "../miners/top-k-hard-negatives-miner.js";
import { TripletMarginMiner } from "../miners/triplet-margin-miner.js";
import { ClassWeightedReducer } from "../reducers/class-weighted-reducer.js";

// Bad input to any miner, loss, memory or reducer: a MetricLearningError with a stable code
// naming the argument, never NaN losses, arbitrary mined indices or a plain TypeError.

/** The [code, argument] of the MetricLearningError `fn` throws. */
function refusal(fn: () => unknown): [string, string] {
  try {
    fn();
  } catch (error) {
    if (error instanceof MetricLearningError) return [error.code, error.argument];
    throw new Error(`expected a MetricLearningError, got ${String(error)}`);
  }
  throw new Error("expected a MetricLearningError, nothing was thrown");
}

const LABELS = [0, 1, 0, 1, 2, 2];
const miners = () => [
  new BatchHardMiner(),
  new BatchEasyHardMiner(),
  new DistanceWeightedMiner(),
  new MultiSimilarityMiner(),
  new PairMarginMiner(),
  new TopKHardNegativesMiner(),
  new TripletMarginMiner(),
];
const losses = (checkFinite?: boolean) => {
  const options = checkFinite === undefined ? {} : { checkFinite };
  return [
    new CircleLoss(options),
    new ContrastiveLoss(options),
    new HardNegativeContrastiveLoss(options),
    new MultiSimilarityLoss(options),
    new NTXentLoss(options),
    new SupConLoss(options),
    new TripletMarginLoss(options),
  ];
};

/** 6 x 4 embeddings with `value` at (row, column). */
function embeddingsWith(value: number, row = 3, column = 2): tf.Tensor2D {
  const rows = randomEmbeddings(31, 6, 4);
  (rows[row] as number[])[column] = value;
  return tf.tensor2d(rows);
}

const NON_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe("non-finite embeddings", () => {
  it("every miner refuses NaN and ±Infinity (7 miners x 3 values)", () => {
    for (const value of NON_FINITE) {
      const emb = embeddingsWith(value);
      for (const miner of miners()) {
        expect(
          refusal(() => miner.mine(emb, LABELS)),
          miner.constructor.name,
        ).toEqual(["INVALID_EMBEDDINGS", "embeddings"]);
      }
      emb.dispose();
    }
  });

  it("every loss refuses NaN and ±Infinity on the host backend, naming the row (7 losses x 3 values)", () => {
    for (const value of NON_FINITE) {
      const emb = embeddingsWith(value, 4, 1);
      for (const loss of losses()) {
        let message = "";
        try {
          loss.compute(emb, LABELS);
        } catch (error) {
          message = (error as Error).message;
          expect(error).toBeInstanceOf(MetricLearningError);
          expect((error as MetricLearningError).code).toBe("INVALID_EMBEDDINGS");
        }
        expect(message, loss.constructor.name).toMatch(/row 4, column 1/);
      }
      emb.dispose();
    }
  });

  it("a reference set (memory bank) with NaN is refused as refEmbeddings", () => {
    const emb = embeddingsWith(0.5);
    const ref = embeddingsWith(Number.NaN, 0, 0);
    for (const loss of losses()) {
      expect(refusal(() => loss.compute(emb, LABELS, null, ref, LABELS))).toEqual([
        "INVALID_EMBEDDINGS",
        "refEmbeddings",
      ]);
    }
    for (const miner of miners()) {
      expect(refusal(() => miner.mine(emb, LABELS, ref, LABELS))).toEqual([
        "INVALID_EMBEDDINGS",
        "refEmbeddings",
      ]);
    }
    const memory = new CrossBatchMemory({
      loss: new SupConLoss(),
      embeddingSize: 4,
      memorySize: 12,
    });
    const bad = embeddingsWith(Number.POSITIVE_INFINITY);
    expect(refusal(() => memory.compute(bad, LABELS))[0]).toBe("INVALID_EMBEDDINGS");
    memory.dispose();
    tf.dispose([emb, ref, bad]);
  });

  it("checkFinite: false skips the scan (the GPU-backend default): NaN in, NaN out", () => {
    const emb = embeddingsWith(Number.NaN);
    const loss = new SupConLoss({ checkFinite: false });
    const value = loss.compute(emb, LABELS);
    expect(Number.isNaN(value.dataSync()[0])).toBe(true);
    tf.dispose([emb, value]);
  });
});

describe("labels", () => {
  const bad: [string, unknown][] = [
    ["2^32 (would alias to 0)", 2 ** 32],
    ["2^31 (would wrap negative)", 2 ** 31],
    ["-1", -1],
    ["1.5", 1.5],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a string", "1"],
  ];
  for (const [what, label] of bad) {
    it(`a label of ${what} is INVALID_LABELS for miners, losses and tensors`, () => {
      const emb = tf.tensor2d(randomEmbeddings(5, 6, 4));
      const labels = [0, 1, 0, 1, 2, label as number];
      expect(refusal(() => new BatchHardMiner().mine(emb, labels))).toEqual([
        "INVALID_LABELS",
        "labels",
      ]);
      expect(refusal(() => new SupConLoss().compute(emb, labels))).toEqual([
        "INVALID_LABELS",
        "labels",
      ]);
      if (typeof label === "number" && Number.isFinite(label)) {
        const asTensor = tf.tensor1d(labels, "float32");
        expect(refusal(() => new SupConLoss().compute(emb, asTensor))[0]).toBe("INVALID_LABELS");
        asTensor.dispose();
      }
      emb.dispose();
    });
  }

  it("2^31 - 1 is the largest label accepted; Int32Array labels must be non-negative", () => {
    const emb = tf.tensor2d(randomEmbeddings(6, 4, 3));
    const top = 2 ** 31 - 1;
    new BatchHardMiner().mine(emb, [top, top, 0, 0]);
    expect(refusal(() => new BatchHardMiner().mine(emb, Int32Array.from([0, -3, 0, 1])))).toEqual([
      "INVALID_LABELS",
      "labels",
    ]);
    emb.dispose();
  });
});

describe("null, undefined and wrong types", () => {
  const emb = () => tf.tensor2d(randomEmbeddings(7, 6, 4));
  const cases: [string, (e: tf.Tensor2D) => unknown, string][] = [
    [
      "mine(null, labels)",
      () => new BatchHardMiner().mine(null as never, LABELS),
      "INVALID_EMBEDDINGS",
    ],
    [
      "mine(undefined, labels)",
      () => new TripletMarginMiner().mine(undefined as never, LABELS),
      "INVALID_EMBEDDINGS",
    ],
    [
      "mine(embeddings, null)",
      (e) => new BatchHardMiner().mine(e, null as never),
      "INVALID_LABELS",
    ],
    [
      "mine(embeddings, undefined)",
      (e) => new PairMarginMiner().mine(e, undefined as never),
      "INVALID_LABELS",
    ],
    ["mine(embeddings, {})", (e) => new BatchHardMiner().mine(e, {} as never), "INVALID_LABELS"],
    [
      "mine(embeddings, 'abc')",
      (e) => new BatchHardMiner().mine(e, "abc" as never),
      "INVALID_LABELS",
    ],
    [
      "compute(null, labels)",
      () => new SupConLoss().compute(null as never, LABELS),
      "INVALID_EMBEDDINGS",
    ],
    [
      "compute(embeddings, null)",
      (e) => new NTXentLoss().compute(e, null as never),
      "INVALID_LABELS",
    ],
    [
      "compute(embeddings, labels, null, ref, null)",
      (e) => new SupConLoss().compute(e, LABELS, null, e, null as never),
      "INVALID_LABELS",
    ],
    [
      "memory.compute(null, labels)",
      () =>
        new CrossBatchMemory({ loss: new SupConLoss(), embeddingSize: 4 }).compute(
          null as never,
          LABELS,
        ),
      "INVALID_EMBEDDINGS",
    ],
    [
      "new ClassWeightedReducer(null)",
      () => new ClassWeightedReducer(null as never),
      "INVALID_OPTION",
    ],
    [
      "new ClassWeightedReducer(undefined)",
      () => new ClassWeightedReducer(undefined as never),
      "INVALID_OPTION",
    ],
    ["new ClassWeightedReducer([])", () => new ClassWeightedReducer([]), "INVALID_OPTION"],
    ["new ClassWeightedReducer(5)", () => new ClassWeightedReducer(5 as never), "INVALID_OPTION"],
  ];
  for (const [what, call, code] of cases) {
    it(`${what} is ${code}`, () => {
      const e = emb();
      expect(refusal(() => call(e))[0]).toBe(code);
      e.dispose();
    });
  }
});

describe("ClassWeightedReducer", () => {
  it("refuses too few weights: a label without a weight is an error, not weight 1", () => {
    const e = tf.tensor2d(randomEmbeddings(8, 6, 4));
    const twoWeights = new SupConLoss({ reducer: new ClassWeightedReducer([1, 2]) });
    expect(refusal(() => twoWeights.compute(e, LABELS))).toEqual(["INVALID_OPTION", "weights"]);
    const enough = new SupConLoss({ reducer: new ClassWeightedReducer([1, 2, 3]) });
    const value = enough.compute(e, LABELS);
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    tf.dispose([e, value]);
  });
});
