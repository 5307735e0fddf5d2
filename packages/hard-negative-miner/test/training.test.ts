import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  BatchEasyHardMiner,
  CircleLoss,
  ContrastiveLoss,
  DistanceWeightedMiner,
  HardNegativeContrastiveLoss,
  MultiSimilarityLoss,
  PairMarginMiner,
  TopKHardNegativesMiner,
  TripletMarginMiner,
  BatchHardMiner,
  type BaseMetricLoss,
  type BaseMiner,
  CrossBatchMemory,
  MultiSimilarityMiner,
  NTXentLoss,
  SupConLoss,
  TripletMarginLoss,
} from "../src/index.js";
import { randomEmbeddings, randomLabels } from "./reference.js";

const X = randomEmbeddings(100, 12, 5);
const LABELS = new Int32Array(randomLabels(100, 12, 3));

interface Combo {
  name: string;
  make: () => {
    loss: { compute: BaseMetricLoss["compute"] } | CrossBatchMemory;
    miner?: BaseMiner;
  };
}

const COMBOS: Combo[] = [
  {
    name: "TripletMarginLoss + BatchHardMiner",
    make: () => ({ loss: new TripletMarginLoss({ margin: 0.2 }), miner: new BatchHardMiner() }),
  },
  { name: "SupConLoss", make: () => ({ loss: new SupConLoss() }) },
  {
    name: "NTXentLoss + MultiSimilarityMiner",
    make: () => ({ loss: new NTXentLoss(), miner: new MultiSimilarityMiner() }),
  },
  {
    name: "TripletMarginLoss + BatchEasyHardMiner",
    make: () => ({ loss: new TripletMarginLoss(), miner: new BatchEasyHardMiner() }),
  },
  {
    name: "ContrastiveLoss + PairMarginMiner",
    make: () => ({ loss: new ContrastiveLoss(), miner: new PairMarginMiner() }),
  },
  { name: "MultiSimilarityLoss", make: () => ({ loss: new MultiSimilarityLoss() }) },
  {
    name: "CircleLoss + TopKHardNegativesMiner",
    make: () => ({ loss: new CircleLoss(), miner: new TopKHardNegativesMiner({ k: 3 }) }),
  },
  {
    name: "HardNegativeContrastiveLoss + TripletMarginMiner",
    make: () => ({
      loss: new HardNegativeContrastiveLoss(),
      miner: new TripletMarginMiner({ margin: 0.5 }),
    }),
  },
  {
    name: "TripletMarginLoss(smooth) + DistanceWeightedMiner",
    make: () => ({
      loss: new TripletMarginLoss({ smoothLoss: true }),
      miner: new DistanceWeightedMiner(),
    }),
  },
  {
    name: "CrossBatchMemory(SupConLoss)",
    make: () => ({
      loss: new CrossBatchMemory({ loss: new SupConLoss(), embeddingSize: 4, memorySize: 36 }),
    }),
  },
];

function step(
  w: tf.Variable,
  x: tf.Tensor2D,
  loss: Combo["make"] extends () => infer R ? R : never,
): tf.Scalar {
  const emb = tf.matMul(x, w) as tf.Tensor2D;
  const indices = loss.miner ? loss.miner.mine(emb, LABELS) : undefined;
  return loss.loss.compute(emb, LABELS, indices);
}

describe("training loops", () => {
  for (const combo of COMBOS) {
    it(`${combo.name}: optimizer.minimize lowers the loss and leaks no tensor over 100 steps`, () => {
      const x = tf.tensor2d(X);
      const w = tf.variable(tf.tensor2d(randomEmbeddings(101, 5, 4)));
      const opt = tf.train.sgd(0.05);
      const parts = combo.make();
      let first = Number.NaN;
      let last = Number.NaN;
      let afterOne = 0;
      for (let i = 0; i < 100; i++) {
        const value = opt.minimize(() => step(w, x, parts), true, [w])!;
        const v = value.dataSync()[0]!;
        expect(Number.isFinite(v)).toBe(true);
        if (i === 0) first = v;
        last = v;
        value.dispose();
        if (i === 0) afterOne = tf.memory().numTensors;
      }
      expect(tf.memory().numTensors).toBe(afterOne);
      expect(last).toBeLessThan(first);
      if (parts.loss instanceof CrossBatchMemory) parts.loss.dispose();
      opt.dispose();
      tf.dispose([x, w]);
    });
  }

  it("tf.variableGrads gives finite, non-zero gradients for every loss", () => {
    const x = tf.tensor2d(X);
    const w = tf.variable(tf.tensor2d(randomEmbeddings(102, 5, 4)));
    for (const combo of COMBOS) {
      const parts = combo.make();
      const { value, grads } = tf.variableGrads(() => step(w, x, parts), [w]);
      const g = grads[w.name]!.dataSync();
      expect(Array.from(g).every(Number.isFinite)).toBe(true);
      expect(Array.from(g).some((v) => v !== 0)).toBe(true);
      tf.dispose([value, ...Object.values(grads)]);
      if (parts.loss instanceof CrossBatchMemory) parts.loss.dispose();
    }
    tf.dispose([x, w]);
  });
});
