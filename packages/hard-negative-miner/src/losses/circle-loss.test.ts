import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  avgNonZero,
  expectGradientClose,
  expectScalarClose,
  isNeg,
  isPos,
  logSumExp,
  numericGradient,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { LpDistance } from "../distances/lp-distance.js";
import { MetricLearningError } from "../errors.js";
import { CircleLoss } from "./circle-loss.js";

/** Loop reference; `weightsAt` freezes the detached weights a_p, a_n at other embeddings. */
function refCircle(q: number[][], labels: number[], m: number, gamma: number, weightsAt = q) {
  const s = refMatrix(q, q, "cos");
  const w = refMatrix(weightsAt, weightsAt, "cos");
  return avgNonZero(
    q.map((_, i) => {
      const pos: number[] = [];
      const neg: number[] = [];
      for (let j = 0; j < q.length; j++) {
        const v = s[i]![j]!;
        const d = w[i]![j]!;
        if (isPos(labels, labels, true, i, j))
          pos.push(-gamma * Math.max(0, 1 + m - d) * (v - (1 - m)));
        if (isNeg(labels, labels, i, j)) neg.push(gamma * Math.max(0, d + m) * (v - m));
      }
      if (pos.length === 0 || neg.length === 0) return 0;
      return Math.log1p(Math.exp(logSumExp(pos, false) + logSumExp(neg, false)));
    }),
  );
}

describe("CircleLoss", () => {
  it("matches the loop reference on random batches", () => {
    for (const [seed, m, gamma] of [
      [131, 0.4, 80],
      [132, 0.25, 10],
      [133, 0.4, 1],
    ] as const) {
      const q = randomEmbeddings(seed, 16, 4);
      const labels = randomLabels(seed, 16, 3);
      const emb = tf.tensor2d(q);
      const loss = new CircleLoss({ m, gamma }).compute(emb, labels);
      expectScalarClose(loss, refCircle(q, labels, m, gamma));
      tf.dispose([emb, loss]);
    }
  });

  it("is 0, not NaN, without valid pairs, and refuses a distance", () => {
    const emb = tf.tensor2d(randomEmbeddings(134, 4, 3));
    for (const labels of [
      [0, 1, 2, 3],
      [0, 0, 0, 0],
    ]) {
      const loss = new CircleLoss().compute(emb, labels);
      expect(loss.dataSync()[0]).toBe(0);
      loss.dispose();
    }
    emb.dispose();
    expect(() => new CircleLoss({ distance: new LpDistance() })).toThrow(MetricLearningError);
  });

  it("has gradients that match finite differences (with the weights detached, as in the paper)", () => {
    const x = randomEmbeddings(135, 6, 3);
    const labels = [0, 0, 1, 1, 2, 2];
    const numeric = numericGradient((v) => refCircle(v, labels, 0.4, 2, x), x);
    expectGradientClose((e) => new CircleLoss({ gamma: 2 }).compute(e, labels), x, numeric);
  });
});
