import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  atAngles,
  inverted,
  isNeg,
  isPos,
  type Kind,
  pairSets,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { LpDistance } from "../distances/lp-distance.js";
import { MultiSimilarityMiner } from "./multi-similarity-miner.js";

function refMultiSimilarity(q: number[][], labels: number[], kind: Kind, eps: number) {
  const mat = refMatrix(q, q, kind);
  const inv = inverted(kind);
  const pos: string[] = [];
  const neg: string[] = [];
  for (let i = 0; i < q.length; i++) {
    const pv: number[] = [];
    const nv: number[] = [];
    for (let j = 0; j < q.length; j++) {
      if (isPos(labels, labels, true, i, j)) pv.push(mat[i]![j]!);
      if (isNeg(labels, labels, i, j)) nv.push(mat[i]![j]!);
    }
    for (let j = 0; j < q.length; j++) {
      const v = mat[i]![j]!;
      if (isPos(labels, labels, true, i, j)) {
        const keep = inv ? nv.some((x) => v - eps < x) : nv.some((x) => v + eps > x);
        if (keep) pos.push(`${i},${j}`);
      } else if (isNeg(labels, labels, i, j)) {
        const keep = inv ? pv.some((x) => v + eps > x) : pv.some((x) => v - eps < x);
        if (keep) neg.push(`${i},${j}`);
      }
    }
  }
  return { pos: pos.sort(), neg: neg.sort() };
}

describe("MultiSimilarityMiner", () => {
  it("keeps the known informative pairs at known angles", () => {
    // class 0 at 0, 10, 100 degrees; class 1 at 60. cos(100) = -0.17 < cos(60) + 0.1:
    // anchor 0 keeps positive 100deg (2) but not 10deg (1); its negative 60deg (3) is more
    // similar than its least similar positive, so it is kept.
    const emb = tf.tensor2d(atAngles([0, 10, 100, 60]));
    const { pos, neg } = pairSets(new MultiSimilarityMiner().mine(emb, [0, 0, 0, 1]));
    expect(pos.filter((s) => s.startsWith("0,"))).toEqual(["0,2"]);
    expect(neg.filter((s) => s.startsWith("0,"))).toEqual(["0,3"]);
    emb.dispose();
  });

  it("matches the loop reference on random batches (cosine and Euclidean)", () => {
    for (const [seed, kind, eps] of [
      [21, "cos", 0.1],
      [22, "cos", 0.3],
      [23, "l2", 0.1],
    ] as const) {
      const q = randomEmbeddings(seed, 30, 4);
      const labels = randomLabels(seed, 30, 5);
      const emb = tf.tensor2d(q);
      const miner = new MultiSimilarityMiner({
        epsilon: eps,
        ...(kind === "l2" ? { distance: new LpDistance() } : {}),
      });
      expect(pairSets(miner.mine(emb, labels))).toEqual(refMultiSimilarity(q, labels, kind, eps));
      emb.dispose();
    }
  });

  it("returns nothing without negatives or positives", () => {
    const emb = tf.tensor2d(randomEmbeddings(24, 4, 3));
    const same = new MultiSimilarityMiner().mine(emb, [0, 0, 0, 0]);
    expect(same.a1.length + same.a2.length).toBe(0);
    const distinct = new MultiSimilarityMiner().mine(emb, [0, 1, 2, 3]);
    expect(distinct.a1.length + distinct.a2.length).toBe(0);
    emb.dispose();
  });
});
