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
import { NTXentLoss } from "./ntxent-loss.js";

/** NT-Xent per positive pair, in float64 loops. */
function refNTXent(
  q: number[][],
  labels: number[],
  t: number,
  pairs?: { pos: number[][]; neg: number[][] },
) {
  const mat = refMatrix(q, q, "cos");
  const pos: number[][] = pairs?.pos ?? [];
  const neg: number[][] = pairs?.neg ?? [];
  if (!pairs) {
    for (let i = 0; i < q.length; i++)
      for (let j = 0; j < q.length; j++) {
        if (isPos(labels, labels, true, i, j)) pos.push([i, j]);
        if (isNeg(labels, labels, i, j)) neg.push([i, j]);
      }
  }
  if (pos.length === 0 || neg.length === 0) return 0;
  return mean(
    pos.map(([a, p]) => {
      const sp = mat[a!]![p!]! / t;
      const terms = [sp, ...neg.filter(([a2]) => a2 === a).map(([, n]) => mat[a!]![n!]! / t)];
      return -(sp - logSumExp(terms, false));
    }),
  );
}

describe("NTXentLoss", () => {
  it("equals the hand-computed InfoNCE value at known angles", () => {
    // two views of one sample (0deg, 30deg) and one other sample (120deg), temperature 0.5
    const emb = tf.tensor2d(atAngles([0, 30, 120]));
    const loss = new NTXentLoss({ temperature: 0.5 }).compute(emb, [0, 0, 1]);
    const c = (deg: number) => Math.cos((deg * Math.PI) / 180) / 0.5;
    const pair0 = -(c(30) - Math.log(Math.exp(c(30)) + Math.exp(c(120))));
    const pair1 = -(c(30) - Math.log(Math.exp(c(30)) + Math.exp(c(90))));
    expectScalarClose(loss, (pair0 + pair1) / 2);
    tf.dispose([emb, loss]);
  });

  it("matches the loop reference on random batches, with and without mined pairs", () => {
    for (const [seed, t] of [
      [51, 0.07],
      [52, 0.5],
    ] as const) {
      const q = randomEmbeddings(seed, 18, 5);
      const labels = randomLabels(seed, 18, 4);
      const emb = tf.tensor2d(q);
      const loss = new NTXentLoss({ temperature: t }).compute(emb, labels);
      expectScalarClose(loss, refNTXent(q, labels, t));
      const mined = new MultiSimilarityMiner().mine(emb, labels);
      const minedLoss = new NTXentLoss({ temperature: t }).compute(emb, labels, mined);
      const pos = Array.from(mined.a1, (a, i) => [a, mined.p[i]!]);
      const neg = Array.from(mined.a2, (a, i) => [a, mined.n[i]!]);
      expectScalarClose(minedLoss, refNTXent(q, labels, t, { pos, neg }));
      tf.dispose([emb, loss, minedLoss]);
    }
  });

  it("is 0, not NaN, without positive or negative pairs", () => {
    const emb = tf.tensor2d(randomEmbeddings(53, 4, 3));
    for (const labels of [
      [0, 1, 2, 3],
      [2, 2, 2, 2],
    ]) {
      const loss = new NTXentLoss().compute(emb, labels);
      expect(loss.dataSync()[0]).toBe(0);
      loss.dispose();
    }
    emb.dispose();
  });

  it("has gradients that match finite differences", () => {
    checkGradient(
      (e) => new NTXentLoss({ temperature: 0.5 }).compute(e, [0, 0, 1, 1, 2, 2]),
      randomEmbeddings(54, 6, 3),
    );
  });
});
