import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  atAngles,
  checkGradient,
  expectScalarClose,
  isNeg,
  isPos,
  logSumExp,
  mean,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { MultiSimilarityMiner } from "../miners/multi-similarity-miner.js";
import { MultiSimilarityLoss } from "./multi-similarity-loss.js";

function refMS(
  q: number[][],
  labels: number[],
  alpha: number,
  beta: number,
  base: number,
  pairs?: { pos: Set<string>; neg: Set<string> },
) {
  const s = refMatrix(q, q, "cos");
  return mean(
    q.map((_, i) => {
      const pos: number[] = [];
      const neg: number[] = [];
      for (let j = 0; j < q.length; j++) {
        const key = `${i},${j}`;
        const p = pairs ? pairs.pos.has(key) : isPos(labels, labels, true, i, j);
        const n = pairs ? pairs.neg.has(key) : isNeg(labels, labels, i, j);
        if (p) pos.push(-alpha * (s[i]![j]! - base));
        if (n) neg.push(beta * (s[i]![j]! - base));
      }
      return logSumExp(pos, true) / alpha + logSumExp(neg, true) / beta;
    }),
  );
}

describe("MultiSimilarityLoss", () => {
  it("equals the hand-computed value at known angles", () => {
    const emb = tf.tensor2d(atAngles([0, 60, 90]));
    const loss = new MultiSimilarityLoss({ alpha: 2, beta: 10, base: 0.5 }).compute(emb, [0, 0, 1]);
    // cosines: (0,60) = 0.5, (0,90) = 0, (60,90) = cos 30
    const c30 = Math.cos(Math.PI / 6);
    const row0 = Math.log(2) / 2 + Math.log1p(Math.exp(10 * (0 - 0.5))) / 10;
    const row1 = Math.log(2) / 2 + Math.log1p(Math.exp(10 * (c30 - 0.5))) / 10;
    const row2 = Math.log1p(Math.exp(10 * (0 - 0.5)) + Math.exp(10 * (c30 - 0.5))) / 10;
    expectScalarClose(loss, (row0 + row1 + row2) / 3);
    tf.dispose([emb, loss]);
  });

  it("matches the loop reference on random batches, with and without the miner", () => {
    for (const [seed, alpha, beta, base] of [
      [121, 2, 50, 0.5],
      [122, 1, 10, 0.2],
    ] as const) {
      const q = randomEmbeddings(seed, 16, 4);
      const labels = randomLabels(seed, 16, 3);
      const emb = tf.tensor2d(q);
      const lossFn = new MultiSimilarityLoss({ alpha, beta, base });
      const loss = lossFn.compute(emb, labels);
      expectScalarClose(loss, refMS(q, labels, alpha, beta, base));
      const mined = new MultiSimilarityMiner().mine(emb, labels);
      const minedLoss = lossFn.compute(emb, labels, mined);
      const pairs = {
        pos: new Set(Array.from(mined.a1, (a, i) => `${a},${mined.p[i]}`)),
        neg: new Set(Array.from(mined.a2, (a, i) => `${a},${mined.n[i]}`)),
      };
      expectScalarClose(minedLoss, refMS(q, labels, alpha, beta, base, pairs));
      tf.dispose([emb, loss, minedLoss]);
    }
  });

  it("is 0 for a single example and finite for all labels equal", () => {
    const one = tf.tensor2d([[0.3, 0.4]]);
    const zero = new MultiSimilarityLoss().compute(one, [1]);
    expect(zero.dataSync()[0]).toBe(0);
    const emb = tf.tensor2d(randomEmbeddings(123, 4, 3));
    const same = new MultiSimilarityLoss().compute(emb, [1, 1, 1, 1]);
    expect(Number.isFinite(same.dataSync()[0])).toBe(true);
    tf.dispose([one, zero, emb, same]);
  });

  it("has gradients that match finite differences", () => {
    checkGradient(
      (e) => new MultiSimilarityLoss({ beta: 5 }).compute(e, [0, 0, 1, 1, 2, 2]),
      randomEmbeddings(124, 6, 3),
    );
  });
});
