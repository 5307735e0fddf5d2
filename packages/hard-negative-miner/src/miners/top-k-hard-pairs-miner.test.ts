import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import {
  atAngles,
  isNeg,
  pairSets,
  randomEmbeddings,
  randomLabels,
  refMatrix,
} from "../../test/reference.js";
import { LpDistance } from "../distances/lp-distance.js";
import { MetricLearningError } from "../errors.js";
import { TopKHardPairsMiner } from "./top-k-hard-pairs-miner.js";

describe("TopKHardPairsMiner", () => {
  it("keeps the farthest positives and the closest negatives at known angles", () => {
    // anchor 0 at 0°: positives at 10°, 50°, 90°; negatives at 20°, 120°, 170°
    const emb = tf.tensor2d(atAngles([0, 10, 50, 90, 20, 120, 170]));
    const labels = [0, 0, 0, 0, 1, 1, 1];
    const pairs = new TopKHardPairsMiner({ positives: 2, negatives: 1 }).mine(emb, labels);
    const of0 = (a: Int32Array, b: Int32Array) =>
      Array.from(a.keys())
        .filter((i) => a[i] === 0)
        .map((i) => b[i]);
    expect(of0(pairs.a1, pairs.p)).toEqual([3, 2]);
    expect(of0(pairs.a2, pairs.n)).toEqual([4]);
    emb.dispose();
  });

  it("matches a sort-based reference on random batches, with and without a reference set", () => {
    const q = randomEmbeddings(7, 24, 5);
    const r = randomEmbeddings(8, 40, 5);
    const labels = randomLabels(9, 24, 4);
    const refLabels = randomLabels(10, 40, 4);
    for (const [positives, negatives, kind, withRef] of [
      [1, 1, "cos", false],
      [3, 5, "cos", true],
      [50, 50, "l2", true],
    ] as const) {
      const ref = withRef ? r : q;
      const rl = withRef ? refLabels : labels;
      const mat = refMatrix(q, ref, kind);
      // closeness: larger = more similar
      const close = (i: number, j: number) => (kind === "cos" ? mat[i]![j]! : -mat[i]![j]!);
      const pos: string[] = [];
      const neg: string[] = [];
      for (let i = 0; i < q.length; i++) {
        const js = ref.map((_, j) => j);
        const negs = js.filter((j) => isNeg(labels, rl, i, j));
        const poss = js.filter((j) => rl[j] === labels[i] && (withRef || j !== i));
        negs.sort((a, b) => close(i, b) - close(i, a));
        poss.sort((a, b) => close(i, a) - close(i, b));
        for (const j of negs.slice(0, negatives)) neg.push(`${i},${j}`);
        for (const j of poss.slice(0, positives)) pos.push(`${i},${j}`);
      }
      const miner = new TopKHardPairsMiner({
        positives,
        negatives,
        ...(kind === "l2" ? { distance: new LpDistance() } : {}),
      });
      const e = tf.tensor2d(q);
      const re = tf.tensor2d(ref);
      const mined = withRef ? miner.mine(e, labels, re, rl) : miner.mine(e, labels);
      expect(pairSets(mined)).toEqual({ pos: pos.sort(), neg: neg.sort() });
      tf.dispose([e, re]);
    }
  });

  it("refuses a count that is not a positive integer", () => {
    expect(() => new TopKHardPairsMiner({ positives: 0 })).toThrow(MetricLearningError);
    expect(() => new TopKHardPairsMiner({ negatives: 2.5 })).toThrow(MetricLearningError);
  });
});
