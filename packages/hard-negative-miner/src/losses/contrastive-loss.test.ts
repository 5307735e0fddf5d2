import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  atAngles,
  avgNonZero,
  checkGradient,
  expectScalarClose,
  isNeg,
  isPos,
  type Kind,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { CosineSimilarity } from "../distances/cosine-similarity.js";
import { PairMarginMiner } from "../miners/pair-margin-miner.js";
import { ContrastiveLoss } from "./contrastive-loss.js";

function refContrastive(
  q: number[][],
  labels: number[],
  kind: Kind,
  posMargin: number,
  negMargin: number,
  pairs?: { pos: number[][]; neg: number[][] },
) {
  const mat = refMatrix(q, q, kind);
  const inv = kind === "cos";
  const pos = pairs?.pos ?? [];
  const neg = pairs?.neg ?? [];
  if (!pairs) {
    for (let i = 0; i < q.length; i++)
      for (let j = 0; j < q.length; j++) {
        if (isPos(labels, labels, true, i, j)) pos.push([i, j]);
        if (isNeg(labels, labels, i, j)) neg.push([i, j]);
      }
  }
  const pl = pos.map(([i, j]) =>
    Math.max(0, inv ? posMargin - mat[i!]![j!]! : mat[i!]![j!]! - posMargin),
  );
  const nl = neg.map(([i, j]) =>
    Math.max(0, inv ? mat[i!]![j!]! - negMargin : negMargin - mat[i!]![j!]!),
  );
  return avgNonZero(pl) + avgNonZero(nl);
}

describe("ContrastiveLoss", () => {
  it("equals the hand-computed value at known angles", () => {
    // positive pair 0deg-90deg (chord sqrt 2), negative pair 0deg-60deg (chord 1) and 90-60 (chord 2 sin 15)
    const emb = tf.tensor2d(atAngles([0, 90, 60]));
    const loss = new ContrastiveLoss({ posMargin: 0.5, negMargin: 1.2 }).compute(emb, [0, 0, 1]);
    const pos = Math.SQRT2 - 0.5;
    const neg = (1.2 - 1 + (1.2 - 2 * Math.sin(Math.PI / 12))) / 2;
    expectScalarClose(loss, pos + neg);
    tf.dispose([emb, loss]);
  });

  it("matches the loop reference on random batches, all pairs or mined pairs", () => {
    for (const [seed, kind, pm, nm] of [
      [111, "l2", 0, 1],
      [112, "l2", 0.3, 1.1],
      [113, "cos", 0.8, 0.2],
    ] as const) {
      const q = randomEmbeddings(seed, 16, 5);
      const labels = randomLabels(seed, 16, 3);
      const emb = tf.tensor2d(q);
      const distance = kind === "cos" ? { distance: new CosineSimilarity() } : {};
      const lossFn = new ContrastiveLoss({ posMargin: pm, negMargin: nm, ...distance });
      const loss = lossFn.compute(emb, labels);
      expectScalarClose(loss, refContrastive(q, labels, kind, pm, nm));
      const mined = new PairMarginMiner({ ...distance, posMargin: 0.5, negMargin: 0.5 }).mine(
        emb,
        labels,
      );
      const minedLoss = lossFn.compute(emb, labels, mined);
      const pairs = {
        pos: Array.from(mined.a1, (a, i) => [a, mined.p[i]!]),
        neg: Array.from(mined.a2, (a, i) => [a, mined.n[i]!]),
      };
      expectScalarClose(minedLoss, refContrastive(q, labels, kind, pm, nm, pairs));
      tf.dispose([emb, loss, minedLoss]);
    }
  });

  it("is 0, not NaN, when no pair exists and finite when only negatives exist", () => {
    const one = tf.tensor2d([[1, 0]]);
    const zero = new ContrastiveLoss().compute(one, [0]);
    expect(zero.dataSync()[0]).toBe(0);
    const emb = tf.tensor2d(randomEmbeddings(114, 4, 3));
    const onlyNeg = new ContrastiveLoss().compute(emb, [0, 1, 2, 3]);
    expect(Number.isFinite(onlyNeg.dataSync()[0])).toBe(true);
    tf.dispose([one, zero, emb, onlyNeg]);
  });

  it("has gradients that match finite differences", () => {
    checkGradient(
      (e) => new ContrastiveLoss({ posMargin: 0.1, negMargin: 1.5 }).compute(e, [0, 0, 1, 1, 2, 2]),
      randomEmbeddings(115, 6, 3),
    );
  });
});
